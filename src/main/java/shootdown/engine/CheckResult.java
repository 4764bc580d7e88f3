package shootdown.engine;

import java.util.List;
import shootdown.campaign.Verdict;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;

/**
 * One engine's answer for one catalogue row, with the evidence behind it.
 *
 * @param interleavings    transitions explored (explorer), executions (Lincheck), or 0 for stress
 * @param states           distinct states visited (explorer only, else 0)
 * @param exhausted        the whole space of the scenario was explored
 * @param millisToFirst    time to the first counterexample, or -1
 * @param hazard           the broken invariant, if any
 * @param trace            the counterexample's steps, if any
 * @param schedule         the explorer's schedule that replays the counterexample, if any
 * @param rawTrace         the engine's own trace text (Lincheck's interleaving table), if any
 * @param samples          stress samples taken (jcstress), else 0
 * @param hits             stress samples that showed the hazard (jcstress), else 0
 * @param bound            what was explored, in words
 * @param witness          for a proof row's counterexample, the scenario it breaks in (else null: the row's own)
 * @param outcomes         stress: the outcome table, each hazard with the explorer's shortest trace of it
 */
public record CheckResult(String id, String engine, Verdict verdict, boolean exhausted, long interleavings,
                          long states, long millis, long millisToFirst, Hazard hazard, List<TraceEvent> trace,
                          List<Integer> schedule, String rawTrace, long samples, long hits, String bound,
                          String error, Scenario witness, List<StressOutcome> outcomes) {
    public CheckResult {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    public CheckResult(String id, String engine, Verdict verdict, boolean exhausted, long interleavings,
                       long states, long millis, long millisToFirst, Hazard hazard, List<TraceEvent> trace,
                       List<Integer> schedule, String rawTrace, long samples, long hits, String bound,
                       String error, Scenario witness) {
        this(id, engine, verdict, exhausted, interleavings, states, millis, millisToFirst, hazard, trace, schedule,
                rawTrace, samples, hits, bound, error, witness, List.of());
    }

    public CheckResult(String id, String engine, Verdict verdict, boolean exhausted, long interleavings,
                       long states, long millis, long millisToFirst, Hazard hazard, List<TraceEvent> trace,
                       List<Integer> schedule, String rawTrace, long samples, long hits, String bound, String error) {
        this(id, engine, verdict, exhausted, interleavings, states, millis, millisToFirst, hazard, trace, schedule,
                rawTrace, samples, hits, bound, error, null);
    }

    /** The scenario the trace and schedule belong to: the witness, or else the row's. */
    public Scenario scenarioOf(shootdown.campaign.CatalogueRow row) {
        return witness != null ? witness : row == null ? null : row.scenario();
    }

    public static CheckResult error(String id, String engine, long millis, String message) {
        return new CheckResult(id, engine, Verdict.ERROR, false, 0, 0, millis, -1, null, List.of(), List.of(),
                null, 0, 0, "", message);
    }

    /** The engine cannot run this row here (e.g. more CPUs than the machine has): said, never dropped. */
    public static CheckResult skipped(String id, String engine, String why) {
        return new CheckResult(id, engine, Verdict.SKIPPED, false, 0, 0, 0, -1, null, List.of(), List.of(),
                null, 0, 0, "skipped: " + why, null);
    }
}
