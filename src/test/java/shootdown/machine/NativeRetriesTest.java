package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under a native engine (Lincheck's threads, jcstress's) a guard that held when the CPU looked
 * may be false again by the time its step runs: another thread took the lock, or the target
 * disabled interrupts. The CPU's code must then try again, as the kernel's spin loops do. Here
 * the engine lets a step run whatever its guard says, and the other CPU gives way only at the
 * second try: each call must retry once and end as if the race had not happened.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a CPU that never gets on spins
class NativeRetriesTest {
    /** Runs every step at once; on the second try of a call, first does what the other CPU does. */
    private static final class Racing implements Sched {
        final Map<String, Integer> tries = new HashMap<>();
        final String call;
        final Consumer<MachineCore> otherCpuGivesWay;

        Racing(String call, Consumer<MachineCore> otherCpuGivesWay) {
            this.call = call;
            this.otherCpuGivesWay = otherCpuGivesWay;
        }

        @Override
        public void beforeStep(int cpu, java.util.function.BooleanSupplier guard) {
        }

        @Override
        public <T> T perform(int cpu, MachineCore core, Step<T> step) {
            int n = tries.merge(step.call(), 1, Integer::sum);
            if (step.call().equals(call) && n == 2) otherCpuGivesWay.accept(core);
            return Sched.super.perform(cpu, core, step);
        }
    }

    private final MachineCore core = new MachineCore(2, new long[] {0});

    NativeRetriesTest() {
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
    }

    /** Runs {@code call} on CPU0 while the other CPU gives way only at its second try. */
    private void triesTwice(String call, Consumer<MachineCore> otherCpuGivesWay, Consumer<Cpu> cpu0Calls) {
        Racing sched = new Racing(call, otherCpuGivesWay);
        cpu0Calls.accept(new Cpu(0, core, sched));
        assertEquals(2, sched.tries.get(call), call);
    }

    @Test
    void spinLockSpinsUntilTheHolderLetsGo() {
        SpinLock lock = core.boot().lock("pgd_lock");
        core.trylock(1, lock, LockMode.SPIN);
        triesTwice("spin_lock", c -> c.unlock(1, lock, LockMode.SPIN), cpu0 -> cpu0.spin_lock(lock));
        assertTrue(core.inspect().holds(0, lock));
    }

    @Test
    void readLockWaitsOutTheWriter() {
        RwLock lock = core.boot().rwlock("mmu_lock");
        core.trylock(1, lock, LockMode.WRITE);
        triesTwice("read_lock", c -> c.unlock(1, lock, LockMode.WRITE), cpu0 -> cpu0.read_lock(lock));
        assertEquals("read", core.inspect().heldBy(0, lock));
    }

    @Test
    void writeLockWaitsOutTheReaders() {
        RwLock lock = core.boot().rwlock("mmu_lock");
        core.trylock(1, lock, LockMode.READ);
        triesTwice("write_lock", c -> c.unlock(1, lock, LockMode.READ), cpu0 -> cpu0.write_lock(lock));
        assertEquals("write", core.inspect().heldBy(0, lock));
    }

    @Test
    void anIpiIsRetriedUntilTheTargetEnablesInterrupts() {
        core.local_irq(1, false);
        triesTwice("deliver_ipi", c -> c.local_irq(1, true), cpu0 -> cpu0.on_each_cpu(IpiWork.FLUSH_TLB_ALL));
        assertTrue(core.inspect().pendingIpis().isEmpty(), "taken, and the sender saw it done");
    }
}
