package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;

/**
 * A search that runs out of the memory it was given proves nothing: it stops, says why, and
 * is not exhausted, so its answer is INCONCLUSIVE. Given just the visited-state table's first
 * arrays (64 slots in each of 64 segments), a bound of tens of thousands of states cannot grow
 * them and stops early, on one thread or two.
 */
class MemoryBudgetTest {
    private static final long FIRST_ARRAYS = FingerprintTable.SLOT_BYTES * 64L * FingerprintTable.SEGMENTS;

    @Test
    void aSearchOutOfMemoryBudgetStopsAndSaysSo() {
        Programs bound = SplitAlphabet.bound(Models.named("cpa").variant("mainline"), 2, 2);
        for (int threads = 1; threads <= 2; threads++) {
            SnapshotSearch.Result r = new SnapshotSearch(bound, true, false)
                    .run(new Budget(100_000_000, 120_000, FIRST_ARRAYS, threads), false);
            assertNull(r.violation());
            assertTrue(r.stopReason() != null && r.stopReason().startsWith("memory budget spent: the visited-state table "
                    + "would need"), threads + " threads: " + r.stopReason());
            assertTrue(r.finished() < 1, "a stopped search has not finished its tree: " + r.finished());
        }
    }
}
