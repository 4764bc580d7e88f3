package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Machine steps: locks, IPIs and the hazard monitor. */
class MachineCoreTest {
    private final MachineCore core = new MachineCore(3, new long[] {0});

    @Test
    void aSpinlockHasOneOwnerAndOnlyTheOwnerMayRelease() {
        SpinLock lock = core.boot().lock("pgd_lock");
        assertTrue(core.trylock(0, lock, LockMode.SPIN));
        assertFalse(core.trylock(1, lock, LockMode.SPIN));
        HazardException wrongOwner = assertThrows(HazardException.class, () -> core.unlock(1, lock, LockMode.SPIN));
        assertEquals(Hazard.Kind.INVARIANT, wrongOwner.hazard().kind());
        core.unlock(0, lock, LockMode.SPIN);
        assertTrue(core.inspect().isUnlocked(lock));
    }

    @Test
    void anIpiBatchCompletesWhenEveryOtherCpuTookIt() {
        core.boot().map(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
        int batch = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        assertEquals(2, core.inspect().deliverableIpis().size());
        core.deliver_ipi(batch, 2);
        assertFalse(core.inspect().ipiDone(batch));
        core.deliver_ipi(batch, 1);
        assertTrue(core.inspect().ipiDone(batch));
    }

    /** Batch numbers stay below RCU callbacks' however long a run is (a cost run sends thousands). */
    @Test
    void ipiBatchNumbersNeverReachTheRcuCallbacks() {
        core.boot().map(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
        int held = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false); // stays in flight throughout
        for (int i = 0; i < 3 * Rcu.FIRST_CALLBACK; i++) {
            int batch = core.send_ipis(1, IpiWork.FLUSH_TLB_ALL, false);
            assertTrue(batch < Rcu.FIRST_CALLBACK && batch != held, "batch " + batch);
            core.deliver_ipi(batch, 0);
            core.deliver_ipi(batch, 2);
            core.ipi_wait_done(1, batch);
        }
        core.deliver_ipi(held, 1);
        core.deliver_ipi(held, 2);
        assertTrue(core.inspect().ipiDone(held));
    }

    @Test
    void aCpuWithInterruptsDisabledTakesNoIpi() {
        core.local_irq(1, false);
        core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        assertEquals(1, core.inspect().deliverableIpis().size());
        assertEquals(2, core.inspect().deliverableIpis().get(0)[1]);
    }

    @Test
    void aChangeThatReturnedWhileAnotherCpuHoldsTheOldEntryIsH2() {
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW);
        core.boot().fillTlbs();
        Lookup pte = core.lookup_address(0, 0);
        Prot ro = Prot.KERNEL_RW.withRw(false);
        core.set_entry(0, "set_pte_atomic", pte.kpte(), pte.value().withProt(ro), 0);
        core.flush_tlb_one_kernel(0, 0);

        HazardException stale = assertThrows(HazardException.class,
                () -> core.change_returned(0, new long[] {0}, ro, FlushScope.ALL));
        assertEquals(Hazard.Kind.H2_STALE_AFTER_COMPLETION, stale.hazard().kind());
        assertEquals(1, stale.hazard().cpu(), "CPU1 never flushed");
        core.change_returned(0, new long[] {0}, ro, FlushScope.LOCAL);
    }

    @Test
    void aTableNobodyCanReachIsALeak() {
        core.alloc_table(0, PageSize.SIZE_4K);
        HazardException leak = assertThrows(HazardException.class, core::checkQuiescent);
        assertEquals(Hazard.Kind.H5_LEAK, leak.hazard().kind());
    }
}
