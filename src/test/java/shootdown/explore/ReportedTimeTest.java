package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;

/**
 * The times a search reports are what a reviewer compares proofs by (the ledger keeps them, the
 * benchmarks take their medians): each must lie between zero and the wall-clock time measured
 * around the call. Progress lines come no more often than asked, and a search shorter than the
 * interval prints none.
 */
class ReportedTimeTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);
    private final Variant mainline = Models.named("cpa").variant("mainline");
    private final Scenario scenario = new Scenario("two ops", "2m", "",
            ScenarioText.parseOps("CPU0: set_memory_ro(0x0), touch(0x1) | CPU1: set_memory_4k(0x1)"));

    @Test
    void aProofReportsTheTimeItTook() {
        long before = System.nanoTime();
        BoundSearch.Result r = BoundSearch.run(mainline, SplitAlphabet.OPS, SplitAlphabet.LAYOUT, 2, 1, BUDGET, true);
        assertWithin(r.millis(), before);
    }

    @Test
    void soDoesAScenarioSearchAndTheThreadedOne() {
        Explorer explorer = new Explorer(mainline, scenario);
        long before = System.nanoTime();
        assertWithin(explorer.explore(BUDGET).millis(), before);
        before = System.nanoTime();
        assertWithin(explorer.exploreThreaded(BUDGET).millis(), before);
    }

    @Test
    void aRefutingScenarioReportsWhenItsCounterexampleCame() {
        CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
        Explorer explorer = new Explorer(cpa3.variant(), cpa3.scenario());
        long before = System.nanoTime();
        Exploration e = explorer.explore(BUDGET);
        assertTrue(e.refuted(), "CPA-3 is refuted");
        assertWithin(e.millisToCounterexample(), before);
        before = System.nanoTime();
        Exploration threaded = explorer.exploreThreaded(BUDGET);
        assertTrue(threaded.refuted());
        assertWithin(threaded.millis(), before);
    }

    /** Each progress line's elapsed time, and how often lines come: no more than one per interval. */
    @Test
    void progressLinesComeAtTheIntervalAndSayHowLongItHasRun() {
        List<Progress.Snapshot> reports = new ArrayList<>();
        long before = System.nanoTime();
        search().run(BUDGET, false, reports::add, 20);
        long wall = (System.nanoTime() - before) / 1_000_000;
        assertTrue(!reports.isEmpty(), "a search of " + wall + " ms reports every 20 ms");
        assertTrue(reports.size() <= wall / 20 + 1, reports.size() + " reports in " + wall + " ms");
        for (Progress.Snapshot s : reports) assertTrue(s.elapsedMillis() >= 0 && s.elapsedMillis() <= wall, s.toString());
    }

    @Test
    void aSearchShorterThanTheIntervalReportsNothing() {
        List<Progress.Snapshot> reports = new ArrayList<>();
        search().run(BUDGET, false, reports::add, 3_600_000);
        assertEquals(List.of(), reports);
    }

    /** Three quarters of a large heap go to the visited-state table; the rest is headroom. */
    @Test
    void theDefaultMemoryBudgetLeavesHeadroomAndNoMore() {
        long max = Runtime.getRuntime().maxMemory();
        long table = Budget.defaultMaxBytes();
        assertTrue(table <= max - (256L << 20), table + " of " + max);
        if (max >= 1L << 30) assertTrue(table >= max / 2, table + " of " + max);
    }

    private static SnapshotSearch search() {
        return new SnapshotSearch(SplitAlphabet.bound(Models.named("cpa").variant("mainline"), 2, 2), true, true);
    }

    private static void assertWithin(long millis, long startNanos) {
        long wall = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(millis >= 0 && millis <= wall, millis + " ms reported, " + wall + " ms measured");
    }
}
