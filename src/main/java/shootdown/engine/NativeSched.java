package shootdown.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** Per CPU, what each step was and returned: what {@link shootdown.explore.CodeRules} checks after the run. */
    private List<List<Object>> results = List.of();
    private List<long[]> signatures = List.of();
    private StepOrder order;

    /** Binds the machine once the instance that owns it exists. */
    public void attach(MachineCore machine) {
        this.core = machine;
        this.results = new ArrayList<>();
        this.signatures = new ArrayList<>();
        this.order = new StepOrder(machine.cpus());
        for (int cpu = 0; cpu < machine.cpus(); cpu++) {
            results.add(new ArrayList<>());
            signatures.add(new long[8]);
        }
    }

    /**
     * Runs the step as the default does, recording it in the machine's order of steps; then
     * records what it returned for the CPU (each CPU writes only its own record).
     */
    @Override
    public <T> T perform(int cpu, MachineCore machine, Step<T> step) {
        T result = Sched.super.perform(cpu, machine, order.recording(cpu, step));
        List<Object> mine = results.get(cpu);
        long[] sig = signatures.get(cpu);
        if (mine.size() == sig.length) signatures.set(cpu, sig = Arrays.copyOf(sig, sig.length * 2));
        sig[mine.size()] = step.signature();
        mine.add(result);
        return result;
    }

    /** Every step taken so far, in the machine's order: the run as a schedule the explorer can follow. */
    public StepOrder order() {
        return order;
    }

    /** What CPU {@code cpu}'s steps returned so far, in order. */
    public Object[] results(int cpu) {
        return results.get(cpu).toArray();
    }

    /** The steps CPU {@code cpu} asked for so far. */
    public long[] signatures(int cpu) {
        return Arrays.copyOf(signatures.get(cpu), results.get(cpu).size());
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
