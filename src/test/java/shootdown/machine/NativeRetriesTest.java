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

    @Test
    void spinLockSpinsUntilTheHolderLetsGo() {
        SpinLock lock = core.boot().lock("pgd_lock");
        core.trylock(1, lock, LockMode.SPIN);
        Racing sched = new Racing("spin_lock", c -> c.unlock(1, lock, LockMode.SPIN));
        new Cpu(0, core, sched).spin_lock(lock);
        assertEquals(2, sched.tries.get("spin_lock"));
        assertTrue(core.inspect().holds(0, lock));
    }

    @Test
    void readLockWaitsOutTheWriter() {
        RwLock lock = core.boot().rwlock("mmu_lock");
        core.trylock(1, lock, LockMode.WRITE);
        Racing sched = new Racing("read_lock", c -> c.unlock(1, lock, LockMode.WRITE));
        new Cpu(0, core, sched).read_lock(lock);
        assertEquals(2, sched.tries.get("read_lock"));
        assertEquals("read", core.inspect().heldBy(0, lock));
    }

    @Test
    void writeLockWaitsOutTheReaders() {
        RwLock lock = core.boot().rwlock("mmu_lock");
        core.trylock(1, lock, LockMode.READ);
        Racing sched = new Racing("write_lock", c -> c.unlock(1, lock, LockMode.READ));
        new Cpu(0, core, sched).write_lock(lock);
        assertEquals(2, sched.tries.get("write_lock"));
        assertEquals("write", core.inspect().heldBy(0, lock));
    }

    @Test
    void anIpiIsRetriedUntilTheTargetEnablesInterrupts() {
        core.local_irq(1, false);
        Racing sched = new Racing("deliver_ipi", c -> c.local_irq(1, true));
        new Cpu(0, core, sched).on_each_cpu(IpiWork.FLUSH_TLB_ALL);
        assertEquals(2, sched.tries.get("deliver_ipi"));
        assertTrue(core.inspect().pendingIpis().isEmpty(), "taken, and the sender saw it done");
    }
}
