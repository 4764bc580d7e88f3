package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.machine.Hazard;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;

/**
 * A deadlock is a verdict too: when no CPU can move and some have not finished, the search
 * stops with a DEADLOCK that names the CPUs left waiting, and never counts that end as an
 * outcome. The classic way to get one: {@code spin_unlock()} forgotten. {@code
 * split_large_page()} drops {@code cpa_lock} around its allocation and takes it again, so a CPU
 * that splits now spins on the lock it holds itself, and every other CPU that wants it waits
 * behind it.
 */
class SearchDeadlockTest {
    /** set_memory.c with the unlock forgotten (the lock is taken as in mainline). */
    public static final class ForgottenUnlock extends SetMemory {
        @Override
        protected void unlock_cpa() {
        }
    }

    static final Variant FORGOTTEN_UNLOCK = Variant.of(CpaModel.INSTANCE, "forgotten-unlock",
            "cpa_lock taken and never released", "", SetMemory.class, ForgottenUnlock::new);

    private static final String TWO_CHANGES = "CPU0: set_memory_ro(0x0) | CPU1: set_memory_ro(0x1)";

    private static Scenario scenario(String ops) {
        return new Scenario("deadlock", "2m", "two changes, one lock never released", ScenarioText.parseOps(ops));
    }

    /** Both searches, the snapshot one and the threaded one kept as an independent implementation. */
    @Test
    void bothSearchesReportTheCpusLeftWaiting() {
        Explorer explorer = new Explorer(FORGOTTEN_UNLOCK, scenario(TWO_CHANGES));
        assertDeadlock(explorer.explore(Budget.DEFAULT), "CPU0, CPU1");
        assertDeadlock(explorer.exploreThreaded(Budget.DEFAULT), "CPU0, CPU1");
    }

    /** The snapshot search's own verdict, before the counterexample is replayed on CPU threads. */
    @Test
    void theSnapshotSearchItselfSaysDeadlock() {
        SnapshotSearch.Result r = new SnapshotSearch(FORGOTTEN_UNLOCK,
                scenario("CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)"), true).run(Budget.DEFAULT, true);
        assertEquals(Hazard.Kind.DEADLOCK, r.hazard().kind(), r.hazard().toString());
        assertEquals("no CPU can move and CPU0 did not finish", r.hazard().message());
        assertTrue(r.outcomes().isEmpty(), "a deadlock is no outcome: " + r.outcomes());
    }

    /** With reduction off, every interleaving: the same verdict, and its shortest form replays to it. */
    @Test
    void theShortestDeadlockReplays() {
        Explorer explorer = new Explorer(FORGOTTEN_UNLOCK, scenario(TWO_CHANGES), false);
        Counterexample found = explorer.explore(Budget.DEFAULT).counterexample();
        Counterexample shortest = explorer.shortest(found, Budget.DEFAULT);
        assertEquals(Hazard.Kind.DEADLOCK, shortest.hazard().kind());
        assertTrue(shortest.schedule().size() <= found.schedule().size());
        assertEquals(shortest.hazard(), explorer.replay(shortest.schedule()).hazard());
    }

    /** A CPU that takes no lock finishes: only the one spinning on its own lock is named. */
    @Test
    void aCpuThatFinishesIsNotNamed() {
        Exploration e = new Explorer(FORGOTTEN_UNLOCK, scenario("CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)"))
                .explore(Budget.DEFAULT);
        assertDeadlock(e, "CPU0");
    }

    private static void assertDeadlock(Exploration e, String stuck) {
        assertTrue(e.refuted(), "the search missed the deadlock: " + e.stopReason());
        Hazard hazard = e.counterexample().hazard();
        assertEquals(Hazard.Kind.DEADLOCK, hazard.kind(), hazard.toString());
        assertEquals("no CPU can move and " + stuck + " did not finish", hazard.message());
        assertTrue(e.outcomes().isEmpty(), "a deadlock is no outcome: " + e.outcomes());
    }
}
