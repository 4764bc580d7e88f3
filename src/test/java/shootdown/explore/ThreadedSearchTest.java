package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;

/**
 * The threaded search (one thread per CPU, each state rebuilt by replaying its schedule) is
 * kept as an independent implementation of the same search: it must visit exactly the states
 * the snapshot search visits. A CPU that runs two operations is where the two could part: cpa's
 * operations keep nothing between them, so both keys forget a finished operation's steps.
 */
class ThreadedSearchTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);
    private final Variant mainline = Models.named("cpa").variant("mainline");
    private final Scenario twoOps = new Scenario("two ops", "2m", "",
            ScenarioText.parseOps("CPU0: set_memory_ro(0x0), touch(0x1) | CPU1: touch(0x1)"));

    /**
     * In the second scenario what the first operation's steps return depends on the interleaving
     * (lookup_address() finds the 2M page split or not): paths that differ only there meet once
     * it finished, and only if both keys forget it. In the third, CPU1's second operation writes what
     * CPU0 reads: while CPU1 runs its first, what it may still touch must include its second's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CPU0: set_memory_ro(0x0), touch(0x1) | CPU1: touch(0x1)",
            "CPU0: set_memory_ro(0x0), touch(0x1) | CPU1: set_memory_4k(0x1)",
            "CPU0: touch(0x1) | CPU1: touch(0x1), set_memory_4k(0x1)"})
    void bothSearchesVisitTheSameStatesWhenACpuRunsTwoOperations(String ops) {
        Scenario scenario = new Scenario("two ops", "2m", "", ScenarioText.parseOps(ops));
        for (boolean reduce : new boolean[] {true, false}) {
            Explorer explorer = new Explorer(mainline, scenario, reduce);
            Exploration snapshots = explorer.explore(BUDGET);
            Exploration threads = explorer.exploreThreaded(BUDGET);
            assertTrue(snapshots.exhausted() && threads.exhausted(), snapshots.stopReason() + " / " + threads.stopReason());
            assertEquals("exhausted", snapshots.stopReason());
            assertEquals("exhausted", threads.stopReason());
            assertEquals(snapshots.states(), threads.states(), reduce ? "with reduction" : "without reduction");
        }
    }

    @Test
    void aStateBudgetStopsItAndSaysSo() {
        Exploration e = new Explorer(mainline, twoOps, false).exploreThreaded(new Budget(20, 60_000));
        assertFalse(e.exhausted());
        assertFalse(e.refuted());
        assertEquals("state budget of 20 states spent", e.stopReason());
        // Checked between executions, and one execution may pass several new states.
        assertTrue(e.states() >= 20 && e.states() < 40, e.states() + " states");
        assertTrue(e.transitions() >= 1 && e.millis() >= 0 && e.millis() < 60_000, e.transitions() + " executions");
    }
}
