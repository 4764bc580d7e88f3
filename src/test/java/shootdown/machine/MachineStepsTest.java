package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model's own steps and what a trace says of each step: a guard that does not hold takes no
 * step, a check runs after the step is recorded, each step is counted whether or not it is
 * traced, and a step on a page notes what every CPU's TLB holds for it.
 */
class MachineStepsTest {
    private final MachineCore core = new MachineCore(2, new long[] {0});

    MachineStepsTest() {
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
    }

    @Test
    void aStepWhoseGuardDoesNotHoldDoesNothing() {
        StepOutcome<Integer> skipped = core.step(0, c -> false, c -> 1, r -> "never", null);
        assertFalse(skipped.happened());
        assertNull(skipped.value());
        assertEquals(0, core.inspect().steps(), "not counted");
        StepOutcome<Integer> taken = core.step(0, c -> true, c -> 2, r -> "two", null);
        assertTrue(taken.happened());
        assertEquals(2, taken.value());
        assertEquals(1, core.inspect().steps());
        assertEquals(3, core.step(1, null, c -> 3, r -> "three", null).value(), "no guard: always");
    }

    @Test
    void aCheckRunsAfterTheStepIsRecordedAndALeftOutHazardIsDropped() {
        core.inspect().enableTrace();
        HazardException e = assertThrows(HazardException.class, () -> core.step(1, null, c -> 7, r -> "seven",
                (c, r) -> { throw c.hazard(Hazard.Kind.H4_DIRTY_CACHE_ON_RECLAIM, 1, 1, "found " + r, List.of()); }));
        assertEquals("found 7", e.hazard().message());
        assertEquals(1, e.hazard().step(), "the hazard carries the step it ends the trace at");
        assertEquals("seven", core.inspect().trace().get(0).action());
        core.boot().countOnly(java.util.Set.of(Hazard.Kind.H1_MIXED_SIZE_CONFLICT));
        core.step(1, null, c -> 8, r -> "eight",
                (c, r) -> { throw c.hazard(Hazard.Kind.H4_DIRTY_CACHE_ON_RECLAIM, 1, 1, "left out", List.of()); });
    }

    @Test
    void aTraceNotesEveryTlbForAStepOnAPageAndTheLocksHeld() {
        core.inspect().enableTrace();
        SpinLock lock = core.boot().lock("pgd_lock");
        core.trylock(1, lock, LockMode.SPIN);
        core.touch(1, 0);
        TraceEvent access = core.inspect().trace().get(core.inspect().trace().size() - 1);
        assertEquals("access 0x0", access.action());
        assertEquals(1, access.cpu());
        assertEquals(2, access.tlbNotes().size());
        assertTrue(access.tlbNotes().get(0).startsWith("CPU0 TLB[0x0]: [4K@0x0"), access.tlbNotes().toString());
        assertEquals(List.of("pgd_lock"), access.locksHeld());
        core.alloc_table(0, PageSize.SIZE_4K);
        TraceEvent alloc = core.inspect().trace().get(core.inspect().trace().size() - 1);
        assertEquals(List.of(), alloc.tlbNotes(), "a step on no page notes no TLB");
        assertEquals(alloc.step(), core.inspect().steps());
    }

    @Test
    void anUntracedMachineCountsStepsAndACopyKeepsTheCountNotTheTrace() {
        core.touch(0, 0);
        core.touch(1, 0);
        assertEquals(2, core.inspect().steps());
        assertEquals(List.of(), core.inspect().trace());
        core.inspect().enableTrace();
        core.touch(0, 0);
        MachineCore copy = core.copy();
        assertEquals(3, copy.inspect().steps());
        assertEquals(List.of(), copy.inspect().trace());
        assertEquals(1, core.inspect().trace().size());
    }

    @Test
    void inspectionReadsWhatGuardsAndDevicesNeed() {
        int batch = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        assertArrayEquals(new int[] {1}, core.inspect().pendingTargets(batch));
        assertEquals(1, core.inspect().tlbEntriesCovering(1, 0).size());
        assertTrue(core.inspect().test(c -> c.cpus() == 2));
        assertNull(core.inspect().notPresent(1, 0, "a host write"));
        Lookup pte = core.lookup_address(0, 0);
        core.set_entry(0, "set_pte_atomic", pte.kpte(), pte.value().withProt(Prot.NOT_PRESENT), 0);
        HazardException h6 = core.inspect().notPresent(1, 0, "a host write");
        assertNotNull(h6);
        assertEquals(Hazard.Kind.H6_NOT_PRESENT_ACCESS, h6.hazard().kind());
        assertTrue(h6.hazard().message().startsWith("a host write of 0x0 on CPU1"), h6.hazard().message());
        assertEquals(FlushMethod.IPI, core.inspect().flushMethod());
    }
}
