package shootdown.report;

import java.util.ArrayList;
import java.util.List;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.CheckResult;
import shootdown.model.Scenario;

/** The head of a trace, shared by the text file and the HTML page: what was checked and how much. */
final class TraceHeader {
    record Field(String name, String value) {
    }

    private TraceHeader() {
    }

    /** e.g. "CPA-3 on explorer: REFUTED by H1 mixed-size TLB conflict". */
    static String title(CheckResult result) {
        return result.id() + " on " + result.engine() + ": " + result.verdict()
                + (result.hazard() != null ? " by " + result.hazard().kind().title : "");
    }

    /** @param row the catalogue row, or null when unknown */
    static List<Field> fields(CatalogueRow row, CheckResult result) {
        List<Field> fields = new ArrayList<>();
        if (row != null) {
            fields.add(new Field("Variant", row.variant().name() + " (model " + row.model().name() + "): "
                    + row.variant().title() + (row.variant().source() == null ? "" : ", from " + ReplayPaths.inReport(row.variant().source()))));
            if (!row.cites().isEmpty()) fields.add(new Field("Cites", row.cites()));
            fields.add(new Field("Documented", row.documented().label + (row.why() == null ? "" : ": " + row.why())));
            Scenario scenario = result.scenarioOf(row);
            if (row.isProof()) {
                fields.add(new Field("Proof", row.proof().cpus() + " CPUs x " + row.proof().opsPerCpu()
                        + " operations from " + row.proof().alphabet()));
            }
            fields.add(new Field("Machine", row.flushMethod().describe()));
            if (scenario != null) {
                fields.add(new Field("Scenario", scenario.name() + ", boot layout " + scenario.layout() + ". "
                        + scenario.story()));
                fields.add(new Field("Operations", scenario.describeOps()));
            }
        }
        if (result.bound() != null && !result.bound().isBlank()) fields.add(new Field("Explored", result.bound()));
        if (result.samples() > 0) fields.add(new Field("Stress", Evidence.stress(result.hits(), result.samples())));
        return fields;
    }
}
