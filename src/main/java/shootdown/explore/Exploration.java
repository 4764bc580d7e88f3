package shootdown.explore;

/**
 * What an exhaustive search found, with its bound.
 *
 * @param transitions moves taken from explored states (each a machine step or an IPI taken)
 * @param states     distinct states visited
 * @param exhausted  true if every reachable state was explored: only then is "no violation" a proof
 * @param outcomes   each distinct final outcome with a schedule reaching it (when collected)
 * @param note       what a reader must know about how it was explored (e.g. without reduction), or null
 */
public record Exploration(Counterexample counterexample, long transitions, long states, boolean exhausted,
                          long millis, long millisToCounterexample, String stopReason,
                          java.util.Map<String, java.util.List<Integer>> outcomes, String note) {
    public boolean refuted() {
        return counterexample != null;
    }
}
