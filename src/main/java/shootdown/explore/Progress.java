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
     * @param finished   an estimate of the share of the search done, from 0 to 1 (NaN: none)
     */
    record Snapshot(long states, long transitions, int depth, long tableBytes, long elapsedMillis, double finished) {
        public long statesPerSecond() {
            return elapsedMillis == 0 ? 0 : states * 1000 / elapsedMillis;
        }

        /**
         * The time left if the rest goes as fast as the share done so far, or -1 when there is no
         * estimate yet (under 0.1% done, or under 10 s of search: the first shares finish fastest).
         */
        public long millisLeft() {
            if (Double.isNaN(finished) || finished < 0.001 || finished >= 1 || elapsedMillis < 10_000) return -1;
            return (long) (elapsedMillis * (1 - finished) / finished);
        }
    }
}
