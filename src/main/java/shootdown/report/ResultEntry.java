package shootdown.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.engine.StressOutcome;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;

/**
 * One check as stored in {@code results.json}. It keeps the whole {@link CheckResult}, trace
 * included, so a resumed campaign rewrites the same report, plus what a reader of the file needs
 * without the catalogue: the variant, the documented verdict and whether the tool agrees.
 *
 * @param documented the documented verdict's label ("safe", "racy", ...), or null for an unknown row
 * @param agrees     whether the verdict matches the documented one, or null for an unknown row
 * @param traceFile  the trace file, relative to the report directory, or null
 */
@JsonPropertyOrder({"id", "engine", "verdict", "exhausted", "interleavings", "states", "millis",
        "millisToFirstCounterexample", "model", "variant", "scenario", "documented", "agrees", "hazard", "bound",
        "samples", "hits", "schedule", "witnessLayout", "witnessOps", "traceFile", "error", "outcomes", "trace",
        "rawTrace"})
public record ResultEntry(String id, String engine, Verdict verdict, boolean exhausted, long interleavings,
                          long states, long millis, long millisToFirstCounterexample, String model, String variant,
                          String scenario, String documented, Boolean agrees, HazardEntry hazard, String bound,
                          long samples, long hits, List<Integer> schedule, String witnessLayout, String witnessOps,
                          String traceFile, String error, List<StressOutcome> outcomes, List<TraceEvent> trace,
                          String rawTrace) {

    public static ResultEntry of(CatalogueRow row, CheckResult r, String traceFile) {
        return new ResultEntry(r.id(), r.engine(), r.verdict(), r.exhausted(), r.interleavings(), r.states(),
                r.millis(), r.millisToFirst(),
                row == null ? null : row.model().name(),
                row == null ? null : row.variant().name(),
                row == null ? null : row.isProof() ? "bound " + row.proof().cpus() + "x" + row.proof().opsPerCpu()
                        : row.scenario().name(),
                row == null ? null : row.documented().label,
                row == null ? null : row.documented().agreesWith(r.verdict()),
                HazardEntry.of(r.hazard()), r.bound(), r.samples(), r.hits(), listOrEmpty(r.schedule()),
                r.witness() == null ? null : r.witness().layout(), r.witness() == null ? null : r.witness().describeOps(),
                traceFile, r.error(), listOrEmpty(r.outcomes()), listOrEmpty(r.trace()), r.rawTrace());
    }

    /** The engine's result again, as the campaign had it before writing. */
    public CheckResult toCheckResult() {
        return new CheckResult(id, engine, verdict, exhausted, interleavings, states, millis,
                millisToFirstCounterexample, hazard == null ? null : hazard.toHazard(), listOrEmpty(trace),
                listOrEmpty(schedule), rawTrace, samples, hits, bound, error, witnessOps == null ? null
                : new Scenario("witness", witnessLayout, "the scenario of the proof that breaks", ScenarioText.parseOps(witnessOps)),
                listOrEmpty(outcomes));
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
