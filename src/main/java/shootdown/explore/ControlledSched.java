package shootdown.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import shootdown.machine.HazardException;
import shootdown.machine.Sched;
import shootdown.model.ModelInstance;

/**
 * Runs one execution of a model with exactly one CPU moving at a time. Each CPU is a thread;
 * at every machine step it parks and hands control back to the controller (the thread that
 * called {@link #start}), which picks the next move: a CPU whose guard holds, or an IPI.
 */
final class ControlledSched implements Sched {
    private static final int CONTROLLER = -1;
    private static final int SPINS = 2_000;

    private enum Status { RUNNING, PARKED, DONE }

    /** Unwinds a CPU thread when its execution is abandoned. */
    private static final class Abandoned extends Error {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private ModelInstance instance;
    private final int cpus;
    private final Thread[] threads;
    private final Status[] status;
    private final BooleanSupplier[] guards;
    private final long[] history;
    private final Thread controller = Thread.currentThread();
    private volatile int active = CONTROLLER;
    private volatile boolean abandoned;
    private HazardException hazard;
    private Throwable failure;

    ControlledSched(int cpus) {
        this.cpus = cpus;
        this.threads = new Thread[cpus];
        this.status = new Status[cpus];
        this.guards = new BooleanSupplier[cpus];
        this.history = new long[cpus];
    }

    /** Starts every CPU of the instance and lets each run up to its first step. */
    void start(ModelInstance instance) {
        this.instance = instance;
        for (int cpu = 0; cpu < cpus; cpu++) {
            final int id = cpu;
            status[id] = Status.RUNNING;
            threads[id] = new Thread(() -> body(id), "cpu" + id);
            threads[id].setDaemon(true);
            active = id;
            threads[id].start();
            awaitController();
        }
    }

    private void body(int cpu) {
        try {
            awaitTurn(cpu);
            int ops = instance.scenario().opsPerCpu().get(cpu).size();
            for (int index = 0; index < ops; index++) instance.run(cpu, index);
        } catch (HazardException e) {
            hazard = e;
        } catch (Abandoned e) {
            return;
        } catch (Throwable e) {
            failure = e;
        }
        status[cpu] = Status.DONE;
        active = CONTROLLER;
        LockSupport.unpark(controller);
    }

    @Override
    public void beforeStep(int cpu, BooleanSupplier guard) {
        guards[cpu] = guard;
        status[cpu] = Status.PARKED;
        active = CONTROLLER;
        LockSupport.unpark(controller);
        awaitTurn(cpu);
        status[cpu] = Status.RUNNING;
    }

    @Override
    public void afterStep(int cpu, Object result) {
        long h = history[cpu] ^ Objects.hashCode(result);
        history[cpu] = (h * 0x9E3779B97F4A7C15L) + 0x632BE59BD9B4E019L;
    }

    @Override
    public boolean deliversIpis() {
        return true;
    }

    /** The moves possible now, in a fixed order: CPUs by id, then IPIs. */
    List<Integer> choices() {
        List<Integer> out = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            if (status[cpu] == Status.PARKED && (guards[cpu] == null || guards[cpu].getAsBoolean())) {
                out.add(Choice.step(cpu));
            }
        }
        for (int[] ipi : instance.machine().deliverableIpis()) out.add(Choice.ipi(ipi[0], ipi[1]));
        return out;
    }

    /** Performs one move and returns when the machine is quiet again. */
    void perform(int choice) {
        if (Choice.isIpi(choice)) {
            instance.machine().deliver_ipi(Choice.batch(choice), Choice.cpu(choice));
            return;
        }
        int cpu = Choice.cpu(choice);
        active = cpu;
        LockSupport.unpark(threads[cpu]);
        awaitController();
    }

    boolean allDone() {
        for (Status s : status) if (s != Status.DONE) return false;
        return true;
    }

    HazardException hazard() {
        return hazard;
    }

    Throwable failure() {
        return failure;
    }

    /** Everything that decides the future: shared state, and each CPU's position and history. */
    String stateKey() {
        StringBuilder key = new StringBuilder(instance.machine().encodeState());
        for (int cpu = 0; cpu < cpus; cpu++) key.append('|').append(status[cpu]).append(history[cpu]);
        return key.toString();
    }

    /** Releases every parked CPU thread so it unwinds; the execution is over. */
    void abandon() {
        abandoned = true;
        for (int cpu = 0; cpu < cpus; cpu++) {
            if (status[cpu] != Status.DONE) LockSupport.unpark(threads[cpu]);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitTurn(int cpu) {
        int spins = 0;
        while (active != cpu) {
            if (abandoned) throw new Abandoned();
            if (++spins > SPINS) LockSupport.park(this);
            else Thread.onSpinWait();
        }
        if (abandoned) throw new Abandoned();
    }

    private void awaitController() {
        int spins = 0;
        while (active != CONTROLLER) {
            if (++spins > SPINS) LockSupport.park(this);
            else Thread.onSpinWait();
        }
    }
}
