package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated caches: dirty lines per CPU, write-back through IPIs to a mask, hazard H4. */
class CachesTest {
    private static final int ASID = 1;

    private static MachineCore machine(int cpus) {
        MachineCore core = new MachineCore(cpus, new long[0]);
        core.boot().attach(new Caches(cpus));
        core.inspect().enableTrace();
        return core;
    }

    private static void guestWrites(MachineCore core, int cpu, long gfn) {
        core.step(cpu, null, c -> {
            c.device(Caches.class).write(cpu, ASID, gfn);
            return null;
        }, r -> "guest write", null);
    }

    private static BitSet mask(int... cpus) {
        BitSet out = new BitSet();
        for (int cpu : cpus) out.set(cpu);
        return out;
    }

    @Test
    void aGuestWriteLeavesADirtyLineTaggedByAsidAndFrameOnlyOnItsCpu() {
        MachineCore core = machine(3);
        guestWrites(core, 1, 7);
        Caches caches = core.device(Caches.class);
        assertEquals(List.of(1), caches.holders(ASID, 7));
        assertEquals(List.of(), caches.holders(ASID, 6), "another frame");
        assertEquals(List.of(), caches.holders(ASID + 1, 7), "another guest's ASID");
        assertEquals(List.of(new Caches.Line(ASID, 7)), caches.dirtyLines(1));
    }

    @Test
    void onEachCpuMaskFlushesOnlyTheMaskAndEachTargetWhenItTakesItsIpi() {
        MachineCore core = machine(3);
        for (int cpu = 0; cpu < 3; cpu++) guestWrites(core, cpu, 0);
        int batch = core.send_ipis_mask(0, mask(1, 2), Caches.WBNOINVD);
        Caches caches = core.device(Caches.class);
        assertEquals(List.of(0, 1, 2), caches.holders(ASID, 0), "sending flushes nobody yet; CPU0 is not in the mask");
        assertArrayEquals(new int[] {1, 2}, core.inspect().pendingTargets(batch));
        core.deliver_ipi(batch, 2);
        assertEquals(List.of(0, 1), caches.holders(ASID, 0), "CPU2 wrote back when it took the IPI");
        assertFalse(core.inspect().ipiDone(batch));
        core.deliver_ipi(batch, 1);
        assertTrue(core.inspect().ipiDone(batch));
        assertEquals(List.of(0), caches.holders(ASID, 0), "the sender, outside the mask, keeps its lines");
        assertEquals(2, core.inspect().counters().get(Caches.FLUSHES));
    }

    @Test
    void theSenderInTheMaskFlushesLocallyAtOnce() {
        MachineCore core = machine(2);
        guestWrites(core, 0, 0);
        guestWrites(core, 1, 0);
        int batch = core.send_ipis_mask(0, mask(0, 1), Caches.WBINVD);
        assertEquals(List.of(1), core.device(Caches.class).holders(ASID, 0));
        assertArrayEquals(new int[] {1}, core.inspect().pendingTargets(batch));
    }

    @Test
    void aCpuWithInterruptsOffTakesNoIpiUntilItEnablesThem() {
        MachineCore core = machine(2);
        guestWrites(core, 1, 0);
        core.local_irq(1, false);
        int batch = core.send_ipis_mask(0, mask(1), Caches.WBNOINVD);
        assertTrue(core.inspect().deliverableIpis().isEmpty());
        assertFalse(core.deliver_ipi_if_enabled(batch, 1));
        assertEquals(List.of(1), core.device(Caches.class).holders(ASID, 0));
        core.local_irq(1, true);
        assertTrue(core.deliver_ipi_if_enabled(batch, 1));
        assertEquals(List.of(), core.device(Caches.class).holders(ASID, 0));
    }

    @Test
    void handingBackAFrameWithADirtyLineIsH4NamingTheCpuAtTheStepThatReturns() {
        MachineCore core = machine(3);
        guestWrites(core, 2, 5);
        HazardException e = assertThrows(HazardException.class, () -> core.step(0, null,
                c -> c.device(Caches.class).holders(ASID, 5), holders -> "returns while CPU" + holders + " holds a line",
                (c, holders) -> c.device(Caches.class).checkReclaimed(c, 0, ASID, 5)));
        Hazard h = e.hazard();
        assertEquals(Hazard.Kind.H4_DIRTY_CACHE_ON_RECLAIM, h.kind());
        assertEquals(2, h.cpu(), "the victim is the CPU holding the line");
        assertEquals(0, h.actorCpu(), "the actor is the reclaimer");
        List<TraceEvent> trace = core.inspect().trace();
        TraceEvent last = trace.get(trace.size() - 1);
        assertEquals(h.step(), last.step(), "the hazard carries the step that returned");
        assertTrue(last.action().contains("CPU[2]"), last::action);
    }

    @Test
    void aFrameNoCpuHoldsDirtyGoesBackQuietly() {
        MachineCore core = machine(2);
        guestWrites(core, 1, 5);
        core.step(1, null, c -> {
            c.device(Caches.class).writeBack(c, 1);
            return null;
        }, r -> "wbnoinvd", null);
        core.step(0, null, c -> null, r -> "returns", (c, r) -> c.device(Caches.class).checkReclaimed(c, 0, ASID, 5));
        assertEquals(List.of(), core.device(Caches.class).dirtyLines(1));
    }
}
