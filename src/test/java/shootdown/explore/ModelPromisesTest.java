package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.machine.Footprint;
import shootdown.machine.LockMode;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;
import shootdown.machine.SpinLock;

/**
 * The promises a model makes the reduction, as the search checks them on every step: a step
 * stays inside its operation's declared footprint, and writes what a locking rule protects
 * only with the rule's lock held (on the machine before the step).
 */
class ModelPromisesTest {
    private final MachineCore core = new MachineCore(2, new long[0]);
    private final SpinLock cpaLock = core.boot().lock("cpa_lock");
    private final LockRule rule = new LockRule(Footprint.NOTHING.writesPageTables(), cpaLock);
    private final Footprint declared = Footprint.NOTHING.writesPageTables().writesLock(cpaLock);

    @Test
    void aStepOutsideItsOperationsFootprintBreaksThePromise() {
        assertEquals("CPU1 took a step that reads {rcu}, writes {}, outside what its operation declares: "
                + declared, ModelPromises.broken(1, Footprint.NOTHING.readsRcu(), declared, List.of(), core));
        assertNull(ModelPromises.broken(1, Footprint.NOTHING.readsPageTables(), declared, List.of(), core),
                "a declared write covers a read");
    }

    @Test
    void aProtectedWriteNeedsTheLockHeldBeforeTheStep() {
        Footprint store = Footprint.NOTHING.writesPageTables();
        assertEquals("CPU0 took a step that " + store + " without holding cpa_lock, breaking the model's rule: "
                + "writes to {page-tables} only under cpa_lock", ModelPromises.broken(0, store, declared, List.of(rule), core));
        assertNull(ModelPromises.broken(0, Footprint.NOTHING.readsPageTables(), declared, List.of(rule), core),
                "a read needs no lock");
        core.trylock(1, cpaLock, LockMode.SPIN);
        assertEquals("CPU0 took a step that " + store + " without holding cpa_lock, breaking the model's rule: "
                + "writes to {page-tables} only under cpa_lock", ModelPromises.broken(0, store, declared, List.of(rule), core),
                "another CPU holding it does not count");
        assertNull(ModelPromises.broken(1, store, declared, List.of(rule), core));
    }

    @Test
    void holdersNameWhatEachRuleProtectsAndWhoHoldsItsLock() {
        assertEquals(List.of(), ModelPromises.holders(List.of(), core));
        assertEquals(List.of(new PersistentSet.Held(Footprint.NOTHING.writesPageTables().writes(), -1)),
                ModelPromises.holders(List.of(rule), core));
        core.trylock(1, cpaLock, LockMode.SPIN);
        assertEquals(1, ModelPromises.holders(List.of(rule), core).get(0).holder());
    }
}
