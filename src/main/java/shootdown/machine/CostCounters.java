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

    Map<String, Long> snapshot() {
        return new TreeMap<>(counts);
    }
}
