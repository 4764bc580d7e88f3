package shootdown.report;

import java.util.List;
import java.util.Locale;
import shootdown.engine.CheckResult;
import shootdown.engine.StressOutcome;
import shootdown.machine.Hazard;
import shootdown.model.Scenario;

/**
 * The part of a stress check's trace file that explains its hits: the outcome table (samples
 * per outcome, hits per million, what the documented verdict makes of each), and for each
 * hazard the explorer's shortest trace of that same hazard: the explorer's own check of the row
 * when the campaign has one that shows this hazard, or else drawn here.
 */
final class StressSection {
    private StressSection() {
    }

    /**
     * @param explorer the explorer's check of the same row in this campaign, or null
     */
    static String text(CheckResult result, CheckResult explorer, Scenario scenario, int width) {
        if (result.outcomes().isEmpty()) return "";
        StringBuilder out = new StringBuilder("Outcomes (" + Evidence.count(result.samples(), "sample") + "):\n");
        int widest = result.outcomes().stream().mapToInt(o -> o.result().length()).max().orElse(2);
        StringBuilder drawings = new StringBuilder();
        for (StressOutcome o : result.outcomes()) {
            String head = String.format(Locale.ROOT, "  %-" + widest + "s %,12d", o.result(), o.samples());
            if (!o.isHazard()) {
                out.append(head).append('\n');
                continue;
            }
            String rate = Evidence.perMillionSuffix(o.samples(), result.samples()).trim();
            out.append(head).append("  ").append(o.grade()).append('\n');
            for (String line : ColumnLayout.wrap("    " + rate.replaceAll("[()]", "") + "; " + explanation(o, explorer)
                    + (o.replay() ? "" : "; no recorded hit replayed"), width)) {
                out.append(line).append('\n');
            }
            if (o.shortestHazard() != null && !sameHazard(explorer, o)) {
                String title = "The explorer's shortest trace of " + o.shortestHazard().kind().title + " ("
                        + o.shortestSchedule().size() + " steps):";
                drawings.append('\n');
                for (String line : ColumnLayout.wrap(title, width)) drawings.append(line).append('\n');
                drawings.append('\n').append(TraceFormatter.format(scenario, o.shortestTrace(), o.shortestHazard(), width,
                        true));
                // Not "schedule:": the file's schedule, the one replay follows, is the recorded hit's.
                for (String line : ColumnLayout.wrap("its schedule: " + String.join(", ",
                        o.shortestSchedule().stream().map(String::valueOf).toList()), width)) {
                    drawings.append(line).append('\n');
                }
            }
        }
        return out.append(drawings).toString();
    }

    private static String explanation(StressOutcome o, CheckResult explorer) {
        Hazard.Kind kind = Hazard.Kind.valueOf(o.result());
        if (sameHazard(explorer, o)) {
            return "explained by the explorer's shortest trace of " + shortName(kind) + ": "
                    + TraceFile.fileName(explorer);
        }
        if (o.shortestHazard() == null) {
            return "the explorer does not reach " + shortName(kind) + " on this scenario within its budget: "
                    + "look at the recorded hit";
        }
        return "the explorer's shortest trace of " + shortName(kind) + " is drawn below";
    }

    /** The explorer's check of the row shows this outcome's hazard (and so explains it). */
    private static boolean sameHazard(CheckResult explorer, StressOutcome o) {
        return explorer != null && explorer.hazard() != null && explorer.hazard().kind().name().equals(o.result())
                && explorer.witness() == null;
    }

    private static String shortName(Hazard.Kind kind) {
        String name = kind.name();
        int cut = name.indexOf('_');
        return name.startsWith("H") && cut > 0 ? name.substring(0, cut) : kind.title;
    }
}
