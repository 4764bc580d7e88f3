package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;
import shootdown.model.Model;

/**
 * What a long search tells its progress line while it runs: reports come at the interval asked
 * for (none when it is zero), their figures only grow, and they agree with the answer at the end.
 */
class ProgressReportTest {
    private static SnapshotSearch search() {
        Model cpa = Models.named("cpa");
        return new SnapshotSearch(SplitAlphabet.bound(cpa.variant("mainline"), 2, 2), true, true);
    }

    @Test
    void reportsGrowAndAgreeWithTheAnswer() {
        List<Progress.Snapshot> reports = new ArrayList<>();
        SnapshotSearch.Result result = search().run(new Budget(5_000_000, 120_000), false, reports::add, 1);
        assertTrue(reports.size() >= 2, reports.size() + " reports");
        Progress.Snapshot previous = null;
        for (Progress.Snapshot s : reports) {
            assertTrue(s.states() > 0 && s.states() <= result.states(), s.toString());
            assertTrue(s.transitions() >= s.states() - 1 && s.transitions() <= result.transitions(), s.toString());
            assertTrue(s.depth() > 0, s.toString());
            assertTrue(s.tableBytes() > 0 && s.tableBytes() <= result.tableBytes(), s.toString());
            assertTrue(s.finished() >= 0 && s.finished() <= 1, s.toString());
            if (previous != null) {
                assertTrue(s.states() >= previous.states() && s.transitions() >= previous.transitions(), s.toString());
                assertTrue(s.elapsedMillis() >= previous.elapsedMillis() && s.finished() >= previous.finished(), s.toString());
            }
            previous = s;
        }
    }

    /**
     * The share of the tree a search has finished is a sum of shares that get tiny deep in the
     * tree (a state's share splits among its moves): summed with compensation, an exhausted
     * search's shares add up to exactly 1, without reduction too (a plain sum misses by a few ulps).
     */
    @Test
    void anExhaustedSearchFinishedExactlyAllOfItsTree() {
        Programs bound = SplitAlphabet.bound(Models.named("cpa").variant("mainline"), 2, 2);
        SnapshotSearch unreduced = new SnapshotSearch(bound, false, true);
        SnapshotSearch.Result r = unreduced.run(new Budget(5_000_000, 120_000), false);
        assertEquals(null, r.stopReason());
        assertEquals(1.0, r.finished(), 0.0);
    }

    /**
     * The budgets are checked every 256 moves, when worker 0 also reports: each report's state
     * count is what a check saw. Given one of them as its state budget, the same search (one
     * thread: the same order) stops at that very check, with exactly that many states.
     */
    @Test
    void aStateBudgetMetAtACheckStopsThere() {
        List<Progress.Snapshot> reports = new ArrayList<>();
        search().run(new Budget(5_000_000, 120_000), false, reports::add, 1);
        assertTrue(reports.size() >= 2, reports.size() + " reports");
        long seen = reports.get(reports.size() / 2).states();
        SnapshotSearch.Result r = search().run(new Budget(seen, 120_000), false);
        assertEquals("state budget of " + seen + " states spent", r.stopReason());
        assertEquals(seen, r.states());
    }

    @Test
    void noIntervalNoReports() {
        List<Progress.Snapshot> reports = new ArrayList<>();
        search().run(new Budget(5_000_000, 120_000), false, reports::add, 0);
        assertEquals(List.of(), reports);
    }

    @Test
    void ofTwoSchedulesReachingOneOutcomeTheShorterThenTheSmallerIsKept() {
        assertEquals(List.of(1, 2), earlier(List.of(1, 2), List.of(0, 0, 0)));
        assertEquals(List.of(0, 3), earlier(List.of(1, 2), List.of(0, 3)));
        assertEquals(List.of(0, 3), earlier(List.of(0, 3), List.of(0, 4)));
        assertEquals(List.of(0, 3), earlier(List.of(0, 3), List.of(0, 3)));
    }

    private static List<Integer> earlier(List<Integer> a, List<Integer> b) {
        return SnapshotSearch.earlier(a, b);
    }
}
