package shootdown.explore;

/**
 * What an exhaustive search found, with its bound.
 *
 * @param executions runs started (each replays a prefix and extends it until it ends or
 *                   meets a state already explored)
 * @param states     distinct states visited
 * @param exhausted  true if every reachable state was explored: only then is "no violation" a proof
 * @param outcomes   each distinct final outcome with a schedule reaching it (when collected)
 */
public record Exploration(Counterexample counterexample, long executions, long states, boolean exhausted,
                          long millis, long millisToCounterexample, String stopReason,
                          java.util.Map<String, java.util.List<Integer>> outcomes) {
    public boolean refuted() {
        return counterexample != null;
    }
}
