package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import shootdown.campaign.Models;
import shootdown.machine.FlushMethod;
import shootdown.model.Model;

/**
 * The small promises around a search: a schedule's choices round-trip through their int
 * encoding at the widest values the machine hands out, the visited set tells every state
 * apart and grows without losing one, a budget says why it is spent, and a progress snapshot
 * estimates only when it can.
 */
class SearchBookkeepingTest {
    @Test
    void choicesRoundTripAtTheirWidestValues() {
        int widestBatch = 2 * shootdown.machine.Rcu.FIRST_CALLBACK - 1; // the last RCU callback number
        for (int cpu : new int[] {0, 1, 15, 255}) {
            int ipi = Choice.ipi(widestBatch, cpu);
            assertTrue(Choice.isIpi(ipi) && !Choice.isPick(ipi));
            assertEquals(cpu, Choice.cpu(ipi));
            assertEquals(widestBatch, Choice.batch(ipi));
            int pick = Choice.pick(cpu, 4095);
            assertTrue(Choice.isPick(pick) && !Choice.isIpi(pick));
            assertEquals(cpu, Choice.cpu(pick));
            assertEquals(4095, Choice.picked(pick));
            int step = Choice.step(cpu);
            assertFalse(Choice.isIpi(step) || Choice.isPick(step));
            assertEquals(cpu, Choice.cpu(step));
        }
        assertEquals("CPU2 takes IPI #7", Choice.describe(Choice.ipi(7, 2)));
        assertEquals("CPU1 starts operation #3", Choice.describe(Choice.pick(1, 3)));
        assertEquals("CPU0", Choice.describe(Choice.step(0)));
        assertNotEquals(Choice.ipi(0, 0), Choice.step(0));
        assertNotEquals(Choice.pick(0, 0), Choice.step(0));
    }

    @Test
    void theVisitedSetTellsEveryStateApartAndGrowsWithoutLosingOne() {
        Visited visited = new Visited();
        int n = 20_000; // past several doublings of the first 4,096 slots
        for (int i = 1; i <= n; i++) assertTrue(visited.firstVisit(new StateHash(i, i * 31L)), "state " + i);
        assertEquals(n, visited.size());
        for (int i = 1; i <= n; i++) assertFalse(visited.firstVisit(new StateHash(i, i * 31L)), "state " + i + " again");
        assertTrue(visited.firstVisit(new StateHash(1, 0)), "one half equal is another state");
        assertTrue(visited.firstVisit(new StateHash(2, 0)));
        assertFalse(visited.firstVisit(new StateHash(0, 0)),
                "(0, 0) marks an empty slot and is kept as (1, 0): one collision, as likely as any other");
        assertEquals(n + 2, visited.size());
    }

    @Test
    void theVisitedSetStaysAtMostHalfFull() {
        Visited visited = new Visited();
        int slots = visited.capacity();
        for (int i = 1; i <= slots / 2; i++) visited.firstVisit(new StateHash(i, i));
        assertEquals(slots, visited.capacity(), "half full, not yet grown");
        visited.firstVisit(new StateHash(0, -1));
        assertEquals(2 * slots, visited.capacity(), "one more state doubles it");
    }

    /**
     * A state's slot comes from both halves of its second word: states whose second words differ
     * only in their high half still spread over the table (were they piled on one slot, each
     * insert would probe past all the others and 200,000 states would take minutes).
     */
    @Test
    @Timeout(20)
    void statesThatDifferOnlyInTheHighHalfStillSpread() {
        Visited visited = new Visited();
        for (long i = 1; i <= 200_000; i++) assertTrue(visited.firstVisit(new StateHash(1, i << 32)));
        assertEquals(200_000, visited.size());
    }

    /**
     * The resume cache and the CPUs' histories are found by hash: pasts that differ must hash apart,
     * or every lookup compares whole pasts (the answers stay right; the search crawls).
     */
    @Test
    void pastsThatDifferHashApart() {
        java.util.Set<Long> results = new java.util.HashSet<>();
        java.util.Set<Integer> histories = new java.util.HashSet<>();
        for (int first = 0; first < 40; first++) {
            for (int second = 0; second < 40; second++) {
                results.add(CpuResume.resultsHash(CpuResume.resultsHash(0, first), second));
                histories.add(CpuHistory.NONE.after(first).after(second).hashCode());
            }
        }
        assertEquals(1600, results.size(), "results hashes of 1,600 two-step pasts");
        assertTrue(histories.size() >= 1590, histories.size() + " distinct history hashes of 1,600");
    }

    @Test
    void stateHashesTellKeysApart() {
        assertNotEquals(StateHash.of("ab"), StateHash.of("ba"));
        assertNotEquals(StateHash.of("a"), StateHash.of("a\0"));
        assertEquals(StateHash.of("cpu0"), StateHash.of(new StringBuilder("cpu0")));
        assertNotEquals(StateHash.of("").a(), StateHash.of("x").a());
        assertNotEquals(StateHash.of("").b(), StateHash.of("x").b());
    }

    @Test
    void aBudgetSaysWhySpent() {
        Budget budget = new Budget(3, 1_000, 1 << 30, 1);
        long later = System.nanoTime() + 60_000_000_000L;
        assertNull(budget.timeOrSignal(later));
        assertEquals("time budget of 1000 ms spent", budget.timeOrSignal(System.nanoTime() - 1));
        Visited visited = new Visited();
        assertNull(SnapshotSearch.budgetSpent(budget, later, visited));
        for (int i = 1; i <= 3; i++) visited.firstVisit(new StateHash(i, i));
        assertEquals("state budget of 3 states spent", SnapshotSearch.budgetSpent(budget, later, visited));
        assertEquals("time budget of 1000 ms spent", SnapshotSearch.budgetSpent(budget, System.nanoTime() - 1, visited),
                "the time comes before the states");
        Thread.currentThread().interrupt();
        try {
            assertEquals("interrupted", SnapshotSearch.budgetSpent(budget, later, new Visited()));
        } finally {
            Thread.interrupted();
        }
        StopSignal stop = new StopSignal();
        Budget stoppable = budget.stoppedBy(stop);
        assertNull(stoppable.timeOrSignal(later));
        stop.request("SIGTERM");
        stop.request("a second reason");
        assertEquals("stopped by SIGTERM", stoppable.timeOrSignal(later), "a signal comes before the time");
        assertTrue(StopSignal.signalled(stoppable.timeOrSignal(later)));
        assertFalse(StopSignal.signalled("time budget of 1000 ms spent"));
        assertFalse(StopSignal.signalled(null));
        assertThrows(IllegalStateException.class, () -> StopSignal.NEVER.request("anyone"));
        assertEquals(new Budget(3, 5, 1 << 30, 1), budget.withMillis(5));
        assertEquals(2, budget.withThreads(2).threads());
        assertEquals(7, budget.withMaxBytes(7).maxBytes());
        assertTrue(Budget.defaultMaxBytes() >= 64L << 20 && Budget.defaultMaxBytes() < Runtime.getRuntime().maxMemory());
    }

    @Test
    void aProgressSnapshotEstimatesOnlyWhenItCan() {
        assertEquals(500, new Progress.Snapshot(1_000, 0, 0, 0, 2_000, Double.NaN).statesPerSecond());
        assertEquals(0, new Progress.Snapshot(1_000, 0, 0, 0, 0, Double.NaN).statesPerSecond());
        assertEquals(30_000, new Progress.Snapshot(0, 0, 0, 0, 10_000, 0.25).millisLeft(), "a quarter in 10 s: 30 s left");
        assertEquals(-1, new Progress.Snapshot(0, 0, 0, 0, 10_000, Double.NaN).millisLeft());
        assertEquals(-1, new Progress.Snapshot(0, 0, 0, 0, 9_999, 0.5).millisLeft(), "under 10 s: too early");
        assertEquals(-1, new Progress.Snapshot(0, 0, 0, 0, 60_000, 0.0009).millisLeft(), "under 0.1% done");
        assertEquals(-1, new Progress.Snapshot(0, 0, 0, 0, 60_000, 1.0).millisLeft(), "done");
        assertEquals(59_940_000, new Progress.Snapshot(0, 0, 0, 0, 60_000, 0.001).millisLeft());
    }

    /** A snapshot search whose thread is interrupted stops, says so, and leaves the interrupt for its caller. */
    @Test
    void anInterruptedSnapshotSearchStopsAndSaysSo() {
        Model cpa = Models.named("cpa");
        Programs programs = Programs.anyOf(cpa.variant("mainline"), cpa.proveAlphabet(), cpa.proveLayout(), 3, 1, null,
                FlushMethod.IPI);
        Thread.currentThread().interrupt();
        SnapshotSearch.Result r;
        try {
            r = new SnapshotSearch(programs, true, true).run(Budget.DEFAULT, false);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is still set");
        } finally {
            Thread.interrupted();
        }
        assertEquals("interrupted", r.stopReason());
        assertTrue(r.states() < 237_625, r.states() + " states: stopped early");
    }
}
