package shootdown.explore;

/**
 * Where a long search says how far it got: called from one search thread, now and then (see
 * {@link SnapshotSearch}), never while a state is half-explored.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = snapshot -> { };

    void report(Snapshot snapshot);

    /**
     * @param depth      the deepest stack among the search threads just now (moves from the root)
     * @param tableBytes what the visited-state table takes
     */
    record Snapshot(long states, long transitions, int depth, long tableBytes, long elapsedMillis) {
        public long statesPerSecond() {
            return elapsedMillis == 0 ? 0 : states * 1000 / elapsedMillis;
        }
    }
}
