package shootdown.prove;

import java.util.List;
import shootdown.explore.Counterexample;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * The answer of a proof or a lock-removal certificate, with exactly what it covered.
 *
 * @param scenariosExplored scenarios whose every reachable state was explored
 * @param oneSearch         true if every scenario was covered by one search (operations picked
 *                          inside it), false if scenario by scenario
 * @param reduced           true if partial-order reduction was on (persistent sets over step footprints)
 * @param counterexample    the shortest violation found (REFUTED by a hazard), or null
 * @param onlyUnlocked      for a failed certificate without a hazard: the outcome only the
 *                          unlocked variant reaches, and the steps that reach it
 * @param notes             what a reader must know about how the space was explored
 * @param tableBytes        the visited-state table of a one-search proof (0 scenario by scenario)
 */
public record ProofResult(Status status, ProofSpace space, Variant variant, Variant lockedVariant, int scenarios, long naiveScenarios, int scenariosExplored, long transitions, long states,
                          long millis, boolean reduced, Scenario witnessScenario, Counterexample counterexample, String onlyUnlocked,
                          List<TraceEvent> onlyUnlockedTrace, List<Integer> onlyUnlockedSchedule, String stopReason,
                          String assumptions, boolean oneSearch, boolean symmetric, List<String> notes, long tableBytes) {

    public enum Status {
        PROVED(0), REFUTED(1), INCONCLUSIVE(3);

        public final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    public String model() {
        return space.model().name();
    }

    public Bound bound() {
        return space.bound();
    }

    public boolean isCertificate() {
        return lockedVariant != null;
    }
}
