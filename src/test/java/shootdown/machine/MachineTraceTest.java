package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What a counterexample's trace says at each kind of machine step, the wake-ups a native
 * engine's waiting CPUs rely on (a CPU waits on the machine's monitor until its guard holds),
 * and devices: found by class, copied with every snapshot.
 */
class MachineTraceTest {
    private final MachineCore core = new MachineCore(2, new long[] {0});

    MachineTraceTest() {
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
        core.inspect().enableTrace();
    }

    private TraceEvent last() {
        List<TraceEvent> trace = core.inspect().trace();
        return trace.get(trace.size() - 1);
    }

    @Test
    void eachStepSaysWhatItDid() {
        Lookup pte = core.lookup_address(0, 0);
        assertEquals("lookup_address(0x0) = " + pte.value() + " at 4K level", last().action());
        assertEquals(2, last().tlbNotes().size(), "a step on a page notes the TLBs");
        Pte ro = pte.value().withProt(Prot.KERNEL_RW.withRw(false));
        core.set_entry(1, "set_pte_atomic", pte.kpte(), ro, 0);
        assertEquals("set_pte_atomic(" + pte.kpte() + ", " + ro + ") was " + pte.value(), last().action());
        assertEquals(1, last().cpu());
        int table = core.alloc_table(0, PageSize.SIZE_4K);
        assertEquals("alloc_pages() = table#" + table, last().action());
        core.fill_table(0, table, Pte.leaf(PageSize.SIZE_2M, 0x200, Prot.KERNEL_RW).split());
        assertTrue(last().action().startsWith("fill table#" + table + " with 512 x "), last().action());
        core.free_table(0, "__free_page", table, false);
        assertEquals("__free_page(table#" + table + ")", last().action());
        core.flush_tlb_local(1);
        assertEquals("__flush_tlb_all() (local)", last().action());
        core.flush_tlb_one_kernel(0, 0);
        assertEquals("flush_tlb_one_kernel(0x0) (local)", last().action());
        core.touch(0, 0);
        assertEquals("access 0x0", last().action());
        core.change_returned(0, new long[] {0}, ro.prot(), FlushScope.LOCAL);
        assertEquals("returns to caller", last().action());
        assertEquals(2, last().tlbNotes().size(), "on the first page it changed");
        core.change_returned(0, new long[0], ro.prot(), FlushScope.NONE);
        assertEquals(List.of(), last().tlbNotes(), "no page, no TLB notes");
        assertEquals(10, core.inspect().steps());
    }

    @Test
    void aFilledOrFreedTableMustBePrivateOrChecked() {
        int table = core.alloc_table(0, PageSize.SIZE_4K);
        PteRef pmdEntry = core.lookup_address(0, 0).kpte();
        assertNotEquals(table, pmdEntry.table());
        MachineCore published = core.copy();
        published.set_entry(0, "set_pmd", published.walk_to(0, 0x200, PageSize.SIZE_2M).kpte(), Pte.table(table), 0x200);
        assertThrows(IllegalStateException.class, () -> published.copy().fill_table(0, table,
                Pte.leaf(PageSize.SIZE_2M, 0x200, Prot.KERNEL_RW).split()), "reachable: not private");
        assertThrows(IllegalStateException.class, () -> published.copy().free_table(0, "__free_page", table, false),
                "freed as never published, but it was");
        HazardException h7 = assertThrows(HazardException.class,
                () -> published.copy().free_table(0, "pagetable_free", table, true));
        assertEquals(Hazard.Kind.H7_FREED_TABLE_REACHABLE, h7.hazard().kind());
        core.free_table(0, "__free_page", table, false);
        assertThrows(IllegalStateException.class, () -> core.free_table(0, "__free_page", table, false), "twice");
    }

    /** Runs {@code wake} on another thread while this one waits on the machine until {@code guard} holds. */
    private void wakesAWaiter(Predicate<MachineCore> guard, Consumer<MachineCore> wake) throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waker = new Thread(() -> {
            try {
                waiting.await();
                synchronized (core) {
                    wake.accept(core);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waker.start();
        long start = System.nanoTime();
        synchronized (core) {
            waiting.countDown();
            while (!guard.test(core)) core.wait(30_000); // a wake-up forgotten: 30 s
        }
        waker.join();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "the waiter was not woken");
    }

    @Test
    void stepsThatMayEnableAnotherCpuWakeItsWaiters() throws InterruptedException {
        SpinLock lock = core.boot().lock("pgd_lock");
        core.trylock(0, lock, LockMode.SPIN);
        wakesAWaiter(c -> c.inspect().isUnlocked(lock), c -> c.unlock(0, lock, LockMode.SPIN));
        core.local_irq(1, false);
        wakesAWaiter(c -> c.inspect().irqsEnabled(1), c -> c.local_irq(1, true));
        int batch = core.send_ipis(0, IpiWork.FLUSH_TLB_ALL, false);
        wakesAWaiter(c -> c.inspect().ipiDone(batch), c -> c.deliver_ipi(batch, 1));
        boolean[] flag = {false};
        wakesAWaiter(c -> flag[0], c -> c.step(1, null, m -> flag[0] = true, r -> "set", null));
    }

    /** A device that counts, to see which machine's copy a step reaches. */
    private static final class Counter implements Device {
        int value;

        @Override
        public void encode(StringBuilder out) {
            out.append("counter").append(value);
        }

        @Override
        public Counter copy(MachineCore into) {
            Counter out = new Counter();
            out.value = value;
            return out;
        }

        @Override
        public void outcome(StringBuilder out) {
            out.append(value);
        }
    }

    @Test
    void devicesAreFoundByClassAndCopiedWithEverySnapshot() {
        Counter counter = core.boot().attach(new Counter());
        assertEquals(counter, core.device(Counter.class));
        assertThrows(IllegalStateException.class, () -> core.device(Caches.class), "none attached");
        MachineCore copy = core.copy();
        copy.step(0, null, c -> ++c.device(Counter.class).value, r -> "count", null);
        assertEquals(0, counter.value, "the original's device is not the copy's");
        assertEquals(1, copy.device(Counter.class).value);
        assertTrue(copy.inspect().encodeState().endsWith("counter1"), copy.inspect().encodeState());
        assertTrue(copy.inspect().outcome().contains("Counter 1"), copy.inspect().outcome());
        assertNotEquals(key(core), key(copy), "the default key hashes the device's text");
        assertThrows(IllegalStateException.class, () -> copy.inspect().renumberedFingerprint(new int[] {1, 0}, new Fingerprint()),
                "a device that does not rename CPUs refuses another order");
        assertThrows(IllegalStateException.class, () -> copy.inspect().encodeState(new int[] {1, 0}));
        copy.inspect().startRecordingAccesses();
        copy.step(0, null, c -> c.device(Counter.class).value, r -> "read", null);
        assertEquals(Footprint.NOTHING.readsDevices().writesDevices(), copy.inspect().accessesRecorded());
    }

    private static String key(MachineCore machine) {
        Fingerprint f = new Fingerprint();
        machine.inspect().renumberedFingerprint(new int[] {0, 1}, f);
        return f.a() + ":" + f.b();
    }

    @Test
    void stepsAreNumberedFromOneAndNoteWhatEachTlbHolds() {
        core.lookup_address(0, 0);
        core.touch(1, 0);
        List<TraceEvent> trace = core.inspect().trace();
        assertEquals(List.of(1, 2), trace.stream().map(TraceEvent::step).toList());
        assertEquals(List.of("CPU0 TLB[0x0]: [4K@0x0->0x0 RW NX]", "CPU1 TLB[0x0]: [4K@0x0->0x0 RW NX]"),
                trace.get(1).tlbNotes());
    }

    @Test
    void tracingAStepDoesNotStopTheRecordingOfTheNext() {
        core.inspect().startRecordingAccesses();
        core.lookup_address(0, 0);
        core.flush_tlb_local(1);
        assertTrue(core.inspect().accessesRecorded().covers(Footprint.NOTHING.writesTlb(1)),
                "the flush after a traced step is recorded too");
    }
}
