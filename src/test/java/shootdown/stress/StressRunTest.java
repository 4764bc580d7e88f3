package shootdown.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import shootdown.engine.NativeSched;
import shootdown.machine.Cpu;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;
import shootdown.machine.SpinLock;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

class StressRunTest {
    private static final Duration HANG = Duration.ofSeconds(10);

    /**
     * CPU0 takes a spinlock and dies with a hazard; CPU1 wants the same lock. CPU0 can wait
     * until CPU1 is blocked before it dies, or die before CPU1 starts.
     */
    private static final class LockThenDie implements ModelInstance {
        final MachineCore machine = new MachineCore(2, new long[] {0});
        final Cpu[] cpus = new Cpu[2];
        final SpinLock lock;
        final AtomicInteger cpu1Steps = new AtomicInteger();
        final CountDownLatch locked = new CountDownLatch(1);
        volatile Thread waitFor;

        LockThenDie() {
            NativeSched sched = new NativeSched();
            sched.attach(machine);
            for (int id = 0; id < 2; id++) cpus[id] = new Cpu(id, machine, sched);
            lock = cpus[0].lock("test_lock");
        }

        @Override
        public MachineCore machine() {
            return machine;
        }

        @Override
        public Scenario scenario() {
            return new Scenario("lock-then-die", "none", "CPU0 dies holding a lock CPU1 wants",
                    List.of(List.of(new Op("lock_and_die", 0)), List.of(new Op("lock", 0))));
        }

        @Override
        public void run(int cpu, int index) {
            if (cpu == 0) {
                cpus[0].spin_lock(lock);
                locked.countDown();
                Thread other = waitFor;
                // Once CPU1 has entered its operation, WAITING can only mean it waits for the lock.
                while (other != null && (cpu1Steps.get() == 0 || other.getState() != Thread.State.WAITING)) {
                    Thread.onSpinWait();
                }
                throw new HazardException(new Hazard(Hazard.Kind.INVARIANT, machine.inspect().steps(), 0, 0,
                        "dies holding test_lock", List.of()));
            }
            cpu1Steps.incrementAndGet();
            cpus[1].spin_lock(lock);
            cpus[1].spin_unlock(lock);
        }
    }

    @Test
    void aCpuWaitingOnALockHeldByADeadCpuIsStopped() throws Exception {
        LockThenDie instance = new LockThenDie();
        StressRun run = new StressRun(instance);
        AtomicBoolean leftInterrupted = new AtomicBoolean();
        Thread cpu1 = new Thread(() -> {
            try {
                instance.locked.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            run.cpu(1);
            leftInterrupted.set(Thread.currentThread().isInterrupted());
        });
        instance.waitFor = cpu1;
        Thread cpu0 = new Thread(() -> run.cpu(0));

        assertTimeoutPreemptively(HANG, () -> {
            cpu1.start();
            cpu0.start();
            cpu0.join();
            cpu1.join();
        });
        assertEquals(1, instance.cpu1Steps.get(), "CPU1 started and waited for the lock");
        assertFalse(leftInterrupted.get(), "the actor thread must not carry the interrupt into the next sample");
        assertEquals("INVARIANT", run.outcome());
    }

    @Test
    void aCpuThatStartsAfterAHazardDoesNotRun() {
        LockThenDie instance = new LockThenDie();
        StressRun run = new StressRun(instance);

        assertTimeoutPreemptively(HANG, () -> {
            run.cpu(0);
            run.cpu(1);
        });
        assertEquals(0, instance.cpu1Steps.get());
        assertEquals("INVARIANT", run.outcome());
    }

    @Test
    void cpa3SamplesEndInOkOrItsRace() {
        for (int sample = 0; sample < 20; sample++) {
            StressRun run = new StressRun("CPA-3");
            assertTimeoutPreemptively(HANG, () -> {
                Thread cpu1 = new Thread(() -> run.cpu(1));
                cpu1.start();
                run.cpu(0);
                cpu1.join();
            });
            String outcome = run.outcome();
            assertTrue(outcome.equals("OK") || outcome.equals("H1_MIXED_SIZE_CONFLICT"), outcome);
        }
    }

    /** A one-CPU row in a two-actor test: the spare actor has nothing to run, the row's bug still shows. */
    @Test
    void aSpareActorIdlesAndTheOneCpuRowStillHitsItsBug() {
        StressRun run = new StressRun("WB-11");
        assertTimeoutPreemptively(HANG, () -> {
            run.cpu(1);
            run.cpu(0);
        });
        assertEquals("INVARIANT", run.outcome());
        assertEquals("WB-11 INVARIANT expected", run.result());
    }
}
