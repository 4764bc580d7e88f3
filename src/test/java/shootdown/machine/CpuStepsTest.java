package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The steps a CPU's calls announce, as an engine that does not deliver IPIs itself (Lincheck's,
 * jcstress's) sees them: each call one step with its footprint and signature, a sender that
 * delivers its own IPIs one target at a time, an INVLPGB that lands on every CPU before TLBSYNC
 * returns, RCU callbacks run as soon as their grace period ends, and a wake-up after every step
 * that may let another CPU on.
 */
class CpuStepsTest {
    /** One CPU runs at a time, in program order: a step whose guard is false could never happen. */
    private static class Sequential implements Sched {
        final List<String> calls = new ArrayList<>();
        final List<Footprint> footprints = new ArrayList<>();
        final List<Long> signatures = new ArrayList<>();
        final List<Object> results = new ArrayList<>();
        final List<Guard> guards = new ArrayList<>();
        int released;

        @Override
        public void beforeStep(int cpu, java.util.function.BooleanSupplier guard) {
            if (guard != null && !guard.getAsBoolean()) throw new IllegalStateException("CPU" + cpu + " would wait forever");
        }

        @Override
        public <T> T perform(int cpu, MachineCore core, Step<T> step) {
            calls.add(step.call());
            guards.add(step.guard());
            footprints.add(step.footprint());
            signatures.add(step.signature());
            T result = Sched.super.perform(cpu, core, step);
            results.add(step.resultKept() ? result : "not kept");
            return result;
        }

        @Override
        public void released(int cpu) {
            released++;
        }
    }

    private final MachineCore core = new MachineCore(3, new long[] {0});
    private final Sequential sched = new Sequential();
    private final Cpu cpu0 = new Cpu(0, core, sched);

    private void boot() {
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
    }

    @Test
    void onEachCpuSendsThenDeliversToEachOtherCpuThenWaits() {
        boot();
        cpu0.on_each_cpu(IpiWork.FLUSH_TLB_ALL);
        assertEquals(List.of("on_each_cpu_mask(flush_tlb_all)", "deliver_ipi", "deliver_ipi", "ipi_wait_done"), sched.calls);
        assertEquals(2, sched.released, "each delivery may wake the sender");
        assertEquals("not kept", sched.results.get(0), "a batch number tells nothing about the future");
        assertTrue(core.inspect().pendingIpis().isEmpty());
        assertEquals(PendingIpi.footprint(1, IpiWork.FLUSH_TLB_ALL), sched.footprints.get(1));
        assertEquals(PendingIpi.footprint(2, IpiWork.FLUSH_TLB_ALL), sched.footprints.get(2));
        Footprint send = sched.footprints.get(0);
        assertTrue(send.covers(IpiWork.FLUSH_TLB_ALL.footprint(0)), "the work run here");
        assertTrue(send.covers(PendingIpi.footprint(1, IpiWork.FLUSH_TLB_ALL))
                && send.covers(PendingIpi.footprint(2, IpiWork.FLUSH_TLB_ALL)), "and on every target");
        assertFalse(send.covers(PendingIpi.footprint(0, IpiWork.FLUSH_TLB_ALL).union(Footprint.NOTHING.writesIpisTo(0))),
                "no IPI to itself");
        assertEquals(Footprint.NOTHING.readsAllIpis(), sched.footprints.get(3));
    }

    @Test
    void onEachCpuMaskDeliversOnlyToTheMask() {
        boot();
        BitSet mask = new BitSet();
        mask.set(0);
        mask.set(2);
        cpu0.on_each_cpu_mask(mask, IpiWork.FLUSH_TLB_ALL);
        assertEquals(List.of("on_each_cpu_mask(flush_tlb_all)", "deliver_ipi", "ipi_wait_done"), sched.calls);
        assertFalse(sched.footprints.get(0).covers(PendingIpi.footprint(1, IpiWork.FLUSH_TLB_ALL)));
        BitSet others = new BitSet();
        others.set(1);
        Sequential again = new Sequential();
        new Cpu(0, core, again).on_each_cpu_mask(others, IpiWork.FLUSH_TLB_ALL);
        assertEquals(List.of("on_each_cpu_mask(flush_tlb_all)", "deliver_ipi", "ipi_wait_done"), again.calls);
        assertNotEquals(sched.signatures.get(0), again.signatures.get(0), "the mask is part of the step's signature");
    }

    @Test
    void flushTlbAllWithInvlpgbLandsOnEveryCpuThenSyncs() {
        boot();
        core.boot().flush(FlushMethod.INVLPGB);
        cpu0.flush_tlb_all();
        assertEquals(List.of("invlpgb(flush_tlb_all)", "invlpgb_lands", "invlpgb_lands", "invlpgb_lands", "tlbsync"),
                sched.calls);
        assertEquals(3, sched.released);
        for (int cpu = 0; cpu < 3; cpu++) assertEquals(PendingIpi.landing(cpu, IpiWork.FLUSH_TLB_ALL), sched.footprints.get(1 + cpu));
        assertTrue(core.inspect().pendingIpis().isEmpty());
        Sequential ipis = new Sequential();
        MachineCore plain = new MachineCore(3, new long[] {0});
        plain.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
        new Cpu(0, plain, ipis).flush_tlb_all();
        assertEquals("on_each_cpu_mask(flush_tlb_all)", ipis.calls.get(0), "without INVLPGB: IPIs");
    }

    @Test
    void aDeliveryWaitsForTheTargetToEnableInterrupts() {
        boot();
        new Cpu(1, core, sched).local_irq_disable();
        assertThrows(IllegalStateException.class, () -> cpu0.on_each_cpu(IpiWork.FLUSH_TLB_ALL),
                "CPU1 has interrupts off: the delivery cannot happen while nothing else runs");
        assertEquals(List.of("local_irq_disable", "on_each_cpu_mask(flush_tlb_all)", "deliver_ipi"), sched.calls,
                "asked for, not taken");
        assertFalse(core.inspect().pendingIpis().isEmpty(), "CPU1's IPI still waits");
    }

    @Test
    void locksAnnounceTheirLockAndWakeWaitersOnRelease() {
        SpinLock lock = cpu0.lock("pgd_lock");
        cpu0.spin_lock(lock);
        assertTrue(core.inspect().holds(0, lock));
        assertThrows(IllegalStateException.class, () -> new Cpu(1, core, sched).spin_lock(lock), "held by CPU0");
        cpu0.spin_unlock(lock);
        assertEquals(1, sched.released);
        assertEquals(Footprint.NOTHING.writesLock(lock), sched.footprints.get(0));
        RwLock rw = cpu0.rwlock("mmu_lock");
        cpu0.read_lock(rw);
        new Cpu(1, core, sched).read_lock(rw);
        assertEquals(Footprint.NOTHING.readsLock(rw), sched.footprints.get(sched.footprints.size() - 1), "readers share");
        assertThrows(IllegalStateException.class, () -> new Cpu(2, core, sched).write_lock(rw));
        cpu0.read_unlock(rw);
        new Cpu(1, core, sched).read_unlock(rw);
        new Cpu(2, core, sched).write_lock(rw);
        assertEquals("write", core.inspect().heldBy(2, rw));
        new Cpu(2, core, sched).write_unlock(rw);
        assertEquals(4, sched.released);
        assertTrue(core.inspect().isWritable(rw));
    }

    @Test
    void interruptsAreThisCpusOwn() {
        cpu0.local_irq_disable();
        assertFalse(core.inspect().irqsEnabled(0));
        assertTrue(core.inspect().irqsEnabled(1));
        cpu0.local_irq_enable();
        assertTrue(core.inspect().irqsEnabled(0));
        assertEquals(Footprint.NOTHING.writesIrq(0), sched.footprints.get(0));
        assertEquals(1, sched.released, "enabling may let a waiting IPI in");
    }

    @Test
    void aCallbackWithNobodyReadingRunsAtOnceOnANativeEngine() {
        List<String> ran = new ArrayList<>();
        RcuCallback free = new RcuCallback() {
            @Override public void invoke(MachineCore machine) { ran.add("free"); }
            @Override public String describe() { return "free(t)"; }
        };
        cpu0.call_rcu(free);
        assertEquals(List.of("free"), ran);
        assertEquals(List.of("call_rcu", "rcu_callback"), sched.calls);
        Cpu cpu1 = new Cpu(1, core, sched);
        cpu1.rcu_read_lock();
        cpu0.call_rcu(free);
        assertEquals(1, ran.size(), "CPU1 is reading");
        cpu1.rcu_read_unlock();
        assertEquals(2, ran.size(), "the unlock that ends the grace period runs it");
        assertEquals(List.of("call_rcu", "rcu_callback", "rcu_read_lock", "call_rcu", "rcu_read_unlock", "rcu_callback"),
                sched.calls);
        assertEquals(Footprint.EVERYTHING, sched.footprints.get(5));
    }

    @Test
    void theTlbFlushesAreThisCpusOwn() {
        boot();
        cpu0.__flush_tlb_all();
        cpu0.flush_tlb_one_kernel(0);
        assertEquals(List.of("__flush_tlb_all", "flush_tlb_one_kernel"), sched.calls);
        assertEquals(IpiWork.refill(0), sched.footprints.get(0));
        assertEquals(IpiWork.refill(0), sched.footprints.get(1));
    }

    @Test
    void pageTableCallsAnnounceWhatTheyTouchAndKeepTheirResults() {
        boot();
        Lookup pte = cpu0.lookup_address(0);
        assertEquals(Footprint.NOTHING.readsPageTables(), sched.footprints.get(0));
        assertEquals(pte, sched.results.get(0), "what code reads is what its future depends on");
        cpu0.pmd_offset(0);
        cpu0.pud_offset(0);
        cpu0.read_pte(pte.kpte());
        Footprint walks = Footprint.NOTHING.readsPageTables().readsTablePool().writesWalkers();
        assertEquals(List.of(walks, walks, walks), sched.footprints.subList(1, 4));
        int table = cpu0.alloc_pages(PageSize.SIZE_4K);
        cpu0.split_set_ptes(table, Pte.leaf(PageSize.SIZE_2M, 0, Prot.KERNEL_RW));
        cpu0.__free_page(table);
        Footprint pool = Footprint.NOTHING.writesTablePool().readsPageTables();
        assertEquals(List.of(pool, pool, pool), sched.footprints.subList(4, 7));
        cpu0.set_pte_atomic(pte.kpte(), pte.value().withProt(Prot.KERNEL_RW.withRw(false)), 0);
        Footprint store = Footprint.NOTHING.writesPageTables().readsTablePool().writesAllTlbs().readsWalkers();
        assertEquals(store, sched.footprints.get(7));
        assertEquals(List.of("lookup_address", "pmd_offset", "pud_offset", "read_pte", "alloc_pages", "split_set_ptes",
                "__free_page", "set_pte_atomic"), sched.calls);
        assertNotEquals(sched.signatures.get(1), sched.signatures.get(2), "pmd_offset and pud_offset are different steps");
    }

    @Test
    void aModelsOwnStepTouchesEverythingAndIsKnownByItsBody() {
        int value = cpu0.step(c -> 42, r -> "answer " + r);
        assertEquals(42, value);
        assertEquals(Footprint.EVERYTHING, sched.footprints.get(0));
        assertEquals(1, sched.released);
        assertEquals(7, (int) cpu0.stepWhen(c -> true, c -> 7, r -> "seven"));
        assertEquals(2, sched.released);
        List<Integer> checked = new ArrayList<>();
        cpu0.stepThenCheck(c -> 3, r -> "three", (c, r) -> checked.add(r));
        assertEquals(List.of(3), checked);
        assertTrue(sched.calls.get(0).startsWith("a step of " + CpuStepsTest.class.getName()), sched.calls.get(0));
    }

    @Test
    void aCpuKnowsItsNumberAndTheMachinesSize() {
        assertEquals(2, new Cpu(2, core, sched).id());
        assertEquals(3, cpu0.cpus());
    }

    /** Who can end a wait: what lets an exploring engine skip the other moves while a CPU waits. */
    @Test
    void onlyALocksHolderCanEndTheWaitForIt() {
        SpinLock lock = cpu0.lock("pgd_lock");
        cpu0.spin_lock(lock);
        Guard free = sched.guards.get(0);
        assertFalse(free.holds(core));
        assertTrue(free.mayBeEnabledBy(core, 0, -1), "the holder's next step may release it");
        assertFalse(free.mayBeEnabledBy(core, 1, -1));
        assertFalse(free.mayBeEnabledBy(core, 0, 1), "nor does the holder's taking an IPI");
        RwLock rw = cpu0.rwlock("mmu_lock");
        cpu0.write_lock(rw);
        Guard writable = sched.guards.get(1);
        assertTrue(writable.mayBeEnabledBy(core, 0, -1));
        assertFalse(writable.mayBeEnabledBy(core, 1, -1));
        assertFalse(writable.mayBeEnabledBy(core, 0, 2));
        cpu0.write_unlock(rw);
        cpu0.read_lock(rw);
        Guard readable = sched.guards.get(3);
        cpu0.read_unlock(rw);
        cpu0.write_lock(rw);
        assertTrue(readable.mayBeEnabledBy(core, 0, -1), "only the writer ends a reader's wait");
        assertFalse(readable.mayBeEnabledBy(core, 1, -1));
        assertFalse(readable.mayBeEnabledBy(core, 0, 1));
    }

    @Test
    void onlyTheSendersTargetsTakingItsIpisEndTheWait() {
        boot();
        cpu0.on_each_cpu(IpiWork.FLUSH_TLB_ALL);
        Guard done = sched.guards.get(3);
        assertTrue(done.mayBeEnabledBy(core, 1, 0), "CPU1 taking CPU0's IPI");
        assertFalse(done.mayBeEnabledBy(core, 1, 2), "another sender's");
        assertFalse(done.mayBeEnabledBy(core, 1, -1), "a step of CPU1's own");
        Guard enabled = sched.guards.get(1);
        assertTrue(enabled.mayBeEnabledBy(core, 2, -1), "interrupts on: anyone may");
    }

    @Test
    void whatTheStepsReturnAndLeave() {
        boot();
        Lookup pte = cpu0.lookup_address(0);
        Lookup pmd = cpu0.pmd_offset(0);
        assertTrue(pmd.value().isTable(), pmd.toString());
        assertTrue(cpu0.pud_offset(0).value().isTable());
        assertEquals(pte.value(), cpu0.read_pte(pte.kpte()));
        Pte ro = pte.value().withProt(Prot.KERNEL_RW.withRw(false));
        cpu0.set_pte_atomic(pte.kpte(), ro, 0);
        assertEquals(ro, core.lookup_address(0, 0).value());
        cpu0.__set_pmd_pte(pte.kpte(), pte.value(), 0);
        assertEquals(pte.value(), core.lookup_address(0, 0).value());
        int table = cpu0.alloc_pages(PageSize.SIZE_4K);
        cpu0.split_set_ptes(table, Pte.leaf(PageSize.SIZE_2M, 0, Prot.KERNEL_RW));
        cpu0.set_pmd(pmd.kpte(), Pte.table(table), 0);
        assertEquals(1, core.lookup_address(0, 1).value().frame(), "the new table, filled, is live");
        assertTrue(sched.calls.contains("set_pmd"));
        cpu0.flush_tlb_all();
        cpu0.pagetable_free(pte.kpte().table());
        assertTrue(core.map.isFreed(pte.kpte().table()));
        int unused = cpu0.alloc_pages(PageSize.SIZE_4K);
        cpu0.__free_page(unused);
        assertTrue(core.map.isFreed(unused));
        cpu0.touch(1);
        cpu0.change_returned(new long[] {1}, Prot.KERNEL_RW, FlushScope.ALL);
        assertTrue(core.inspect().outcome().contains("returned"), core.inspect().outcome());
        assertEquals(5, (int) cpu0.stepThenCheck(c -> 5, r -> "five", (c, r) -> { }));
        java.util.List<PteRun> runs = cpu0.read_ptes(table, 0);
        assertFalse(runs.isEmpty());
    }

    @Test
    void restOfOperationTouchesIsForTheScheduler() {
        Footprint[] told = new Footprint[1];
        Cpu cpu = new Cpu(1, core, new Sequential() {
            @Override
            public void restOfOperationTouches(int id, Footprint footprint) {
                told[0] = footprint;
            }
        });
        cpu.rest_of_operation_touches(Footprint.NOTHING.readsRcu());
        assertEquals(Footprint.NOTHING.readsRcu(), told[0]);
    }

    @Test
    void rcuReadSectionsAreTheCpusOwn() {
        Cpu cpu1 = new Cpu(1, core, sched);
        cpu1.rcu_read_lock();
        assertTrue(core.rcu.reading(1));
        assertFalse(core.rcu.reading(0));
        cpu1.rcu_read_unlock();
        assertFalse(core.rcu.reading(1));
        assertEquals(1, sched.released, "leaving a read section may end a grace period");
        assertEquals(Footprint.NOTHING.writesRcu(), sched.footprints.get(0));
    }

    @Test
    void aCpusCallsReachTheMachine() {
        boot();
        SpinLock lock = cpu0.lock("pgd_lock");
        cpu0.spin_lock(lock);
        cpu0.spin_unlock(lock);
        assertTrue(core.inspect().isUnlocked(lock), "spin_unlock drops the hold");
        Lookup pte = cpu0.lookup_address(0);
        cpu0.set_pte_atomic(pte.kpte(), pte.value().withProt(Prot.NOT_PRESENT), 0);
        HazardException h6 = assertThrows(HazardException.class, () -> new Cpu(1, core, sched).touch(0));
        assertEquals(Hazard.Kind.H6_NOT_PRESENT_ACCESS, h6.hazard().kind(), "touch is an access the monitor checks");
        cpu0.set_pte_atomic(pte.kpte(), pte.value(), 0);
        cpu0.flush_tlb_one_kernel(0);
        assertEquals(1, core.inspect().tlbEntriesCovering(0, 0).size(), "INVLPG, then the live entry refilled");
        cpu0.__flush_tlb_all();
        assertEquals(1, core.inspect().tlbEntriesCovering(0, 0).size());
        cpu0.change_returned(new long[] {0}, Prot.KERNEL_RW, FlushScope.ALL);
        assertTrue(core.inspect().outcome().contains("page=0, prot=RW NX"), core.inspect().outcome());
    }

    @Test
    void theFlushesDropAStaleEntry() {
        boot();
        TlbEntry stale = new TlbEntry(0, PageSize.SIZE_2M, 0x400, Prot.KERNEL_RW);
        core.tlbs.preload(0, stale);
        cpu0.__flush_tlb_all();
        assertFalse(core.inspect().tlbEntriesCovering(0, 0).contains(stale), "__flush_tlb_all() flushed");
        core.tlbs.preload(0, stale);
        cpu0.flush_tlb_one_kernel(0);
        assertFalse(core.inspect().tlbEntriesCovering(0, 0).contains(stale), "INVLPG flushed");
    }

    @Test
    void setPmdOfAOneGigabyteEntryIsSetPud() {
        core.boot().map(0, PageSize.SIZE_1G, Prot.KERNEL_RW);
        core.inspect().enableTrace();
        Lookup pud = cpu0.lookup_address(0);
        cpu0.set_pmd(pud.kpte(), pud.value().withProt(Prot.KERNEL_RW.withRw(false)), 0);
        List<TraceEvent> trace = core.inspect().trace();
        assertTrue(trace.get(trace.size() - 1).action().startsWith("set_pud("), trace.get(trace.size() - 1).action());
    }

    @Test
    void aCallbackRunByItsCpuAndAStepThenCheckMayWakeOthers() {
        Cpu cpu1 = new Cpu(1, core, sched);
        cpu1.rcu_read_lock();
        cpu0.call_rcu(new RcuCallback() {
            @Override public void invoke(MachineCore machine) { }
            @Override public String describe() { return "free(t)"; }
        });
        cpu1.rcu_read_unlock();
        assertEquals(2, sched.released, "the unlock, then the callback it ran");
        cpu0.stepThenCheck(c -> 3, r -> "three", (c, r) -> { });
        assertEquals(3, sched.released);
    }

    @Test
    void aSecondOnEachCpuWaitsForItsOwnBatch() {
        boot();
        cpu0.on_each_cpu(IpiWork.FLUSH_TLB_ALL);
        cpu0.on_each_cpu(IpiWork.flushPages(0));
        assertTrue(core.inspect().pendingIpis().isEmpty());
        assertEquals("ipi_wait_done", sched.calls.get(sched.calls.size() - 1));
    }
}
