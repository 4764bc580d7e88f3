package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPIs and INVLPGB broadcasts in flight: who may take them, what a step taking one touches,
 * what the trace and the cost counters say, and the state key's renaming of senders, targets
 * and interrupt flags.
 */
class InterruptsTest {
    private final MachineCore core = new MachineCore(3, new long[] {0});

    InterruptsTest() {
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
        core.inspect().enableTrace();
    }

    private static BitSet cpus(int... ids) {
        BitSet out = new BitSet();
        for (int id : ids) out.set(id);
        return out;
    }

    private String lastAction() {
        List<TraceEvent> trace = core.inspect().trace();
        return trace.get(trace.size() - 1).action();
    }

    @Test
    void anInvlpgbLandsOnEveryCpuWhateverItsInterruptFlag() {
        core.local_irq(1, false);
        int batch = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, true);
        assertEquals(3, core.inspect().deliverableIpis().size(), "the sender too, and CPU1 with interrupts off");
        assertTrue(core.inspect().pendingIpis().stream().allMatch(PendingIpi::deliverable));
        assertEquals(PendingIpi.landing(1, IpiWork.FLUSH_TLB_ALL), core.inspect().pendingIpis().get(1).footprint());
        assertTrue(core.deliver_ipi_if_enabled(batch, 1));
        assertEquals("INVLPGB from CPU0 lands: flush_tlb_all", lastAction());
        assertEquals(Long.valueOf(1), core.inspect().counters().get("INVLPGB broadcasts (flush_tlb_all)"));
        core.deliver_ipi(batch, 0);
        core.deliver_ipi(batch, 2);
        assertTrue(core.inspect().ipiDone(batch));
        core.ipi_wait_done(0, batch);
        assertEquals("TLBSYNC: the INVLPGB has landed on every CPU", lastAction());
        assertTrue(core.inspect().pendingIpis().isEmpty());
    }

    @Test
    void anIpiWaitsForItsTargetsInterruptsAndIsTakenOnce() {
        core.local_irq(1, false);
        assertEquals("local_irq_disable()", lastAction());
        int batch = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        assertEquals("on_each_cpu(flush_tlb_all): ran locally, IPI sent to CPUs {1, 2}", lastAction());
        assertEquals(Long.valueOf(1), core.inspect().counters().get("IPI broadcasts (flush_tlb_all)"));
        assertFalse(core.deliver_ipi_if_enabled(batch, 1));
        assertThrows(IllegalStateException.class, () -> core.deliver_ipi(batch, 1), "interrupts off");
        PendingIpi held = core.inspect().pendingIpis().get(0);
        assertEquals(1, held.target());
        assertFalse(held.deliverable());
        assertEquals(PendingIpi.footprint(1, IpiWork.FLUSH_TLB_ALL), held.footprint());
        core.deliver_ipi(batch, 2);
        assertEquals("takes IPI from CPU0: flush_tlb_all", lastAction());
        assertThrows(IllegalStateException.class, () -> core.deliver_ipi(batch, 2), "taken once");
        assertThrows(IllegalStateException.class, () -> core.deliver_ipi(batch, 0), "the sender ran it itself");
        core.local_irq(1, true);
        assertEquals("local_irq_enable()", lastAction());
        assertTrue(core.deliver_ipi_if_enabled(batch, 1));
        core.ipi_wait_done(0, batch);
        assertEquals("on_each_cpu() returns: every CPU has flushed", lastAction());
        assertThrows(IllegalStateException.class, () -> core.ipi_wait_done(0, batch), "retired");
    }

    @Test
    void aMaskRunsLocallyOnlyIfItHoldsTheSender() {
        int batch = core.send_ipis_mask(0, cpus(1, 2), IpiWork.FLUSH_TLB_ALL);
        assertEquals("on_each_cpu_mask({1, 2}, flush_tlb_all): IPI sent to CPUs {1, 2}", lastAction());
        assertEquals(Long.valueOf(2), core.inspect().counters().get("IPIs sent (flush_tlb_all)"));
        core.deliver_ipi(batch, 1);
        core.deliver_ipi(batch, 2);
        core.ipi_wait_done(0, batch);
        core.send_ipis_mask(1, cpus(1), IpiWork.FLUSH_TLB_ALL);
        assertEquals("on_each_cpu_mask({1}, flush_tlb_all): ran locally, IPI sent to CPUs {}", lastAction());
        assertEquals(Long.valueOf(2), core.inspect().counters().get("IPIs sent (flush_tlb_all)"));
    }

    @Test
    void broadcastNumbersStayBelowRcuCallbacksToo() {
        int held = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, true);
        for (int i = 0; i < Rcu.FIRST_CALLBACK + 5; i++) {
            int batch = core.send_ipis(1, IpiWork.FLUSH_TLB_ALL, true);
            assertTrue(batch < Rcu.FIRST_CALLBACK && batch != held, "batch " + batch);
            for (int cpu = 0; cpu < 3; cpu++) core.deliver_ipi(batch, cpu);
            core.ipi_wait_done(1, batch);
        }
    }

    @Test
    void takingAnIpiReadsTheFlagAndWritesTheTargetsPendingIpis() {
        int batch = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        core.inspect().startRecordingAccesses();
        core.deliver_ipi(batch, 2);
        Footprint took = core.inspect().accessesRecorded();
        assertTrue(took.covers(Footprint.NOTHING.readsIrq(2).writesIpisTo(2)), took.toString());
        assertFalse(took.covers(Footprint.NOTHING.writesIpisTo(1)), took.toString());
        core.deliver_ipi(batch, 1);
        core.inspect().startRecordingAccesses();
        core.ipi_wait_done(0, batch);
        assertEquals(Footprint.NOTHING.readsIpisTo(1).readsIpisTo(2), core.inspect().accessesRecorded());
        core.inspect().startRecordingAccesses();
        core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, true);
        Footprint sent = core.inspect().accessesRecorded();
        for (int cpu = 0; cpu < 3; cpu++) assertTrue(sent.covers(Footprint.NOTHING.writesIpisTo(cpu)), sent.toString());
        core.inspect().startRecordingAccesses();
        core.local_irq(1, false);
        assertTrue(core.inspect().accessesRecorded().covers(Footprint.NOTHING.writesIrq(1)));
    }

    @Test
    void theKeyRenamesSendersTargetsAndFlags() {
        MachineCore other = new MachineCore(3, new long[] {0});
        other.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
        core.local_irq(2, false);
        core.send_ipis(1, IpiWork.FLUSH_TLB_ALL, false);
        other.local_irq(1, false);
        other.send_ipis(2, IpiWork.FLUSH_TLB_ALL, false);
        int[] swap = {0, 2, 1};
        assertNotEquals(key(core, new int[] {0, 1, 2}), key(other, new int[] {0, 1, 2}));
        assertEquals(key(core, new int[] {0, 1, 2}), key(other, swap));
        assertEquals(core.inspect().encodeState(new int[] {0, 1, 2}), other.inspect().encodeState(swap));
    }

    @Test
    void anIpiAndAnInvlpgbOfTheSameWorkAreDifferentStates() {
        MachineCore other = core.copy();
        core.send_ipis_mask(0, cpus(0, 1, 2), IpiWork.FLUSH_TLB_ALL);
        int broadcast = other.send_ipis(0, IpiWork.FLUSH_TLB_ALL, true);
        other.deliver_ipi(broadcast, 0); // both now wait for CPUs 1 and 2
        int[] identity = {0, 1, 2};
        assertNotEquals(key(core, identity), key(other, identity));
        assertNotEquals(core.inspect().encodeState(identity), other.inspect().encodeState(identity),
                "the renamed text, which the symmetry check compares, tells them apart too");
        assertNotEquals(core.inspect().encodeState(), other.inspect().encodeState());
    }

    @Test
    void aCopyTakesItsIpisApart() {
        int batch = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        MachineCore copy = core.copy();
        copy.deliver_ipi(batch, 1);
        copy.local_irq(2, false);
        assertEquals(2, core.inspect().pendingIpis().size());
        assertTrue(core.inspect().irqsEnabled(2));
        assertEquals(1, copy.inspect().pendingIpis().size());
    }

    private static String key(MachineCore machine, int[] order) {
        Fingerprint f = new Fingerprint();
        machine.inspect().renumberedFingerprint(order, f);
        return f.a() + ":" + f.b();
    }

    /** A batch in flight is told apart by its sender, its work, whom it still waits for and its kind. */
    @Test
    void theKeyTellsBatchesApartByEveryField() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int sender = 0; sender < 2; sender++) {
            for (IpiWork work : List.of(IpiWork.FLUSH_TLB_ALL, IpiWork.flushPages(0))) {
                for (boolean taken : new boolean[] {false, true}) {
                    MachineCore machine = core.copy();
                    int batch = machine.send_ipis_mask(sender, cpus(0, 1, 2), work);
                    if (taken) machine.deliver_ipi(batch, 2);
                    keys.add(key(machine, new int[] {0, 1, 2}));
                }
            }
        }
        assertEquals(keys.size(), keys.stream().distinct().count(), keys.toString());
        MachineCore one = core.copy();
        one.send_ipis_mask(0, cpus(1), IpiWork.FLUSH_TLB_ALL);
        MachineCore other = core.copy();
        other.send_ipis_mask(0, cpus(2), IpiWork.FLUSH_TLB_ALL);
        assertNotEquals(key(one, new int[] {0, 1, 2}), key(other, new int[] {0, 1, 2}), "whom it waits for");
        assertEquals(key(one, new int[] {0, 2, 1}), key(other, new int[] {0, 1, 2}), "renamed");
        assertEquals(one.inspect().encodeState(new int[] {0, 2, 1}), other.inspect().encodeState(new int[] {0, 1, 2}));
        assertTrue(other.inspect().encodeState().contains("ipi0flush_tlb_all{2}"), other.inspect().encodeState());
    }

    @Test
    void aWorksNameIsItsFunction() {
        assertEquals("flush_tlb_one_kernel(0x1,0x2)", IpiWork.flushPages(1, 2).describe());
        assertEquals("flush_tlb_one_kernel", IpiWork.flushPages(1, 2).name());
        assertEquals("flush_tlb_all", IpiWork.FLUSH_TLB_ALL.name());
        assertEquals(IpiWork.refill(1), IpiWork.flushPages(1).footprint(1));
        IpiWork undescribed = new IpiWork() {
            @Override public void run(MachineCore machine, int cpu) { }
            @Override public String describe() { return "x(1)"; }
        };
        assertEquals(Footprint.EVERYTHING, undescribed.footprint(0));
        assertEquals("x", undescribed.name());
    }

    @Test
    void batchesAreNumberedOneAfterAnother() {
        int first = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        int second = core.send_ipis(1, IpiWork.FLUSH_TLB_ALL, true);
        assertTrue(first >= 0 && !Rcu.isCallback(first));
        assertEquals(first + 1, second);
    }

    @Test
    void anIpiToCpu0IsRecordedLikeAnyOther() {
        core.inspect().startRecordingAccesses();
        int batch = core.send_ipis(1, IpiWork.FLUSH_TLB_ALL, false);
        Footprint sent = core.inspect().accessesRecorded();
        assertTrue(sent.covers(Footprint.NOTHING.writesIpisTo(0).writesIpisTo(2)), sent.toString());
        core.deliver_ipi(batch, 0);
        core.deliver_ipi(batch, 2);
        core.inspect().startRecordingAccesses();
        core.ipi_wait_done(1, batch);
        assertEquals(Footprint.NOTHING.readsIpisTo(0).readsIpisTo(2), core.inspect().accessesRecorded());
    }

    @Test
    void anInvlpgbWritesThePendingWorkOfEveryCpuAndNoMore() {
        core.inspect().startRecordingAccesses();
        core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, true);
        Footprint sent = core.inspect().accessesRecorded();
        assertFalse(sent.covers(Footprint.NOTHING.writesIpisTo(3)), "a 3-CPU machine has no CPU3: " + sent);
        assertTrue(lastAction().startsWith("INVLPGB (flush_tlb_all): broadcast to CPUs "), lastAction());
    }

    @Test
    void readingAnInterruptFlagIsAnAccess() {
        core.inspect().startRecordingAccesses();
        assertTrue(core.inspect().irqsEnabled(1));
        assertEquals(Footprint.NOTHING.readsIrq(1), core.inspect().accessesRecorded());
    }

    @Test
    void anIpiToACpuWithInterruptsOffIsPendingButNotDeliverable() {
        core.local_irq(1, false);
        core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        List<PendingIpi> pending = core.inspect().pendingIpis();
        assertEquals(2, pending.size());
        assertFalse(pending.get(0).deliverable(), "CPU1 " + pending.get(0));
        assertTrue(pending.get(1).deliverable(), "CPU2 " + pending.get(1));
    }
}
