package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Models;
import shootdown.model.Model;

/**
 * The estimate a long proof's progress line gives ("about 3m left, 27% of the search tree done")
 * adds up the shares of the subtrees the search finished, each state's share split evenly among
 * its moves. Every share must be accounted for exactly once: an exhausted search, on any number
 * of threads (work stealing hands shares between threads), has finished all of it; one stopped
 * early has finished part of it.
 */
class SearchTreeShareTest {
    private static SnapshotSearch.Result search(int cpus, int ops, Budget budget) {
        Model cpa = Models.named("cpa");
        return new SnapshotSearch(SplitAlphabet.bound(cpa.variant("mainline"), cpus, ops), true, true).run(budget, false);
    }

    @ParameterizedTest(name = "{0}x{1} on {2} threads")
    @CsvSource({"2, 1, 1", "2, 2, 1", "2, 2, 2"})
    void anExhaustedSearchHasFinishedTheWholeTree(int cpus, int ops, int threads) {
        assertWholeTreeFinished(cpus, ops, threads);
    }

    @Tag("deep") // about 6 s
    @ParameterizedTest(name = "{0}x{1} on {2} threads")
    @CsvSource({"3, 1, 2"})
    void aLargerExhaustedSearchHasFinishedTheWholeTree(int cpus, int ops, int threads) {
        assertWholeTreeFinished(cpus, ops, threads);
    }

    private static void assertWholeTreeFinished(int cpus, int ops, int threads) {
        SnapshotSearch.Result r = search(cpus, ops, new Budget(5_000_000, 120_000).withThreads(threads));
        assertEquals(null, r.stopReason());
        assertEquals(1.0, r.finished(), 1e-9, r.states() + " states");
    }

    @ParameterizedTest(name = "stopped at {0} states")
    @CsvSource({"1000", "20000"})
    void aSearchStoppedEarlyHasFinishedPartOfIt(long states) {
        SnapshotSearch.Result r = search(2, 2, new Budget(states, 120_000));
        assertTrue(r.stopReason().startsWith("state budget"), r.stopReason());
        assertTrue(r.finished() > 0 && r.finished() < 1, "finished " + r.finished());
    }
}
