package shootdown.engine;

import java.util.function.BooleanSupplier;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.machine.Step;

/**
 * The scheduler for engines that run CPUs as ordinary threads (Lincheck, jcstress): steps
 * happen whenever the thread gets there, and a step whose guard is false waits on the
 * machine's monitor, which every step that can enable a guard notifies.
 */
public final class NativeSched implements Sched {
    private MachineCore core;
    private StepOrder order;

    /** Binds the machine once the instance that owns it exists. */
    public void attach(MachineCore machine) {
        this.core = machine;
        this.order = new StepOrder(machine.cpus());
    }

    /**
     * Runs the step as the default does, recording it, with what it returned, in the machine's
     * order of steps. The record is made inside the atomic step: between two machine steps a
     * CPU's thread touches nothing shared, so Lincheck has no place to switch threads but the
     * machine's steps.
     */
    @Override
    public <T> T perform(int cpu, MachineCore machine, Step<T> step) {
        return Sched.super.perform(cpu, machine, order.recording(cpu, step));
    }

    /** Every step taken so far, in the machine's order: the run as a schedule the explorer can follow. */
    public StepOrder order() {
        return order;
    }

    /** What CPU {@code cpu}'s steps returned so far, in order (what {@link shootdown.explore.CodeRules} checks). */
    public Object[] results(int cpu) {
        return order.results(cpu);
    }

    /** The steps CPU {@code cpu} asked for so far, that returned. */
    public long[] signatures(int cpu) {
        return order.signatures(cpu);
    }

    @Override
    public void released(int cpu) {
        synchronized (core) {
            core.notifyAll();
        }
    }

    @Override
    public void beforeStep(int cpu, BooleanSupplier guard) {
        if (guard == null) return;
        synchronized (core) {
            while (!guard.getAsBoolean()) {
                try {
                    core.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("CPU" + cpu + " interrupted while waiting", e);
                }
            }
        }
    }
}
