package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The state key holds every part of the machine: a machine changed in any one part (the page
 * tables, a TLB, a paging-structure cache, a walker, a lock, an interrupt flag, RCU, a returned
 * change, a device) differs from the one it was copied from in its text, its renamed text and
 * its fingerprint; and the order of CPUs that a symmetric key sorts by looks at each part.
 */
class StateKeyTest {
    private static MachineCore booted() {
        MachineCore core = new MachineCore(2, new long[] {0x200});
        for (long page = 0x200; page < 0x202; page++) core.boot().map(page, PageSize.SIZE_4K, Prot.KERNEL_RW);
        core.boot().attach(new Caches(2));
        return core;
    }

    /** A change to one part of the machine, made by CPU1 (so that CPU1 then differs from CPU0). */
    private static Map<String, Consumer<MachineCore>> changes() {
        Map<String, Consumer<MachineCore>> out = new LinkedHashMap<>();
        out.put("page tables", c -> c.alloc_table(1, PageSize.SIZE_4K));
        out.put("TLB", c -> c.tlbs.preload(1, new TlbEntry(0x200, PageSize.SIZE_2M, 0x200, Prot.KERNEL_RW)));
        out.put("paging-structure caches", c -> c.pscs.fill(1, c.map));
        out.put("walkers", c -> c.walk_to(1, 0x200, PageSize.SIZE_2M));
        out.put("locks", c -> c.trylock(1, c.boot().lock("pgd_lock"), LockMode.SPIN));
        out.put("interrupts", c -> c.local_irq(1, false));
        out.put("RCU", c -> c.rcu.lock(1));
        out.put("returned changes", c -> c.change_returned(1, new long[] {0x200}, Prot.KERNEL_RW, FlushScope.NONE));
        out.put("devices", c -> c.step(1, null, m -> {
            m.device(Caches.class).write(1, 1, 5);
            return null;
        }, r -> "guest write", null));
        return out;
    }

    private static String key(MachineCore core, int[] order) {
        Fingerprint f = new Fingerprint();
        core.inspect().fingerprint(order, f);
        return f.a() + ":" + f.b();
    }

    @Test
    void everyPartOfTheMachineIsInTheKey() {
        int[] identity = {0, 1};
        for (Map.Entry<String, Consumer<MachineCore>> change : changes().entrySet()) {
            MachineCore before = booted();
            before.boot().lock("pgd_lock");
            MachineCore after = before.copy();
            change.getValue().accept(after);
            String part = change.getKey();
            assertNotEquals(before.inspect().encodeState(), after.inspect().encodeState(), part);
            assertNotEquals(before.inspect().encodeState(identity), after.inspect().encodeState(identity), part);
            assertNotEquals(key(before, identity), key(after, identity), part);
            assertNotEquals(key(before, null), key(after, null), part);
            assertEquals(after.inspect().encodeState(), after.inspect().encodeState(identity), part + ": identity renames nothing");
        }
    }

    @Test
    void cpusAreOrderedByEveryPartThatNamesThem() {
        for (Map.Entry<String, Consumer<MachineCore>> change : changes().entrySet()) {
            if (change.getKey().equals("page tables") || change.getKey().equals("locks")
                    || change.getKey().equals("returned changes")) {
                continue; // they name no CPU, or (locks, returned changes) not in the order: the code's position tells
            }
            MachineCore core = booted();
            assertEquals(0, core.inspect().compareCpus(0, 1), "alike at boot");
            change.getValue().accept(core);
            int c = core.inspect().compareCpus(0, 1);
            assertNotEquals(0, c, change.getKey());
            assertEquals(-Integer.signum(c), Integer.signum(core.inspect().compareCpus(1, 0)), change.getKey());
        }
    }

    @Test
    void aCpuWithInterruptsOffComesLast() {
        MachineCore core = booted();
        core.local_irq(0, false);
        assertTrue(core.inspect().compareCpus(0, 1) > 0);
        core.rcu.lock(1); // interrupts decide first
        assertTrue(core.inspect().compareCpus(0, 1) > 0);
    }

    @Test
    void theSharedPartIsThePageTablesAlone() {
        MachineCore core = booted();
        Fingerprint before = new Fingerprint();
        core.inspect().sharedFingerprint(before);
        MachineCore copy = core.copy();
        copy.local_irq(1, false);
        copy.rcu.lock(0);
        Fingerprint same = new Fingerprint();
        copy.inspect().sharedFingerprint(same);
        assertEquals(before.a(), same.a());
        copy.alloc_table(0, PageSize.SIZE_4K);
        Fingerprint changed = new Fingerprint();
        copy.inspect().sharedFingerprint(changed);
        assertNotEquals(before.a(), changed.a());
    }
}
