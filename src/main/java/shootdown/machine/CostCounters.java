package shootdown.machine;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a variant costs (splits, global flushes, lock acquisitions...), set beside whether it is
 * safe. Not part of the state an exploring engine compares. A copy shares the counts until
 * either side counts something.
 */
final class CostCounters {
    private Map<String, Long> counts;
    private boolean shared;

    CostCounters() {
        this.counts = new TreeMap<>();
    }

    private CostCounters(Map<String, Long> counts) {
        this.counts = counts;
        this.shared = true;
    }

    /** A copy sharing the counts until it counts; this one is a snapshot and counts no more. */
    CostCounters copy() {
        return new CostCounters(counts);
    }

    void count(String counter, long amount) {
        if (shared) {
            counts = new TreeMap<>(counts);
            shared = false;
        }
        counts.merge(counter, amount, Long::sum);
    }

    /** A store to the direct map: a table pointer over a large leaf is a split, the reverse a collapse. */
    void countStore(Pte old, Pte value) {
        if (value.isTable() && old.isLarge()) count("direct-map splits", 1);
        if (value.isLarge() && old.isTable()) count("direct-map collapses", 1);
    }

    Map<String, Long> snapshot() {
        return new TreeMap<>(counts);
    }
}
