package shootdown.explore;

import java.util.function.BooleanSupplier;
import shootdown.machine.Footprint;
import shootdown.machine.MachineCore;
import shootdown.machine.RuleBroken;
import shootdown.machine.Sched;
import shootdown.machine.Step;

/**
 * The scheduler a CPU's code sees when it runs again: each step it asks for returns the value
 * it returned the first time, and must be the step it asked for then (same kind, same
 * arguments); the first step past those is captured, not run, and the code unwound.
 */
final class ReplaySched implements Sched {
    /** Unwinds a CPU's code at its next step. */
    static final class Captured extends Error {
        static final Captured INSTANCE = new Captured();

        private Captured() {
            super(null, null, false, false);
        }
    }

    private static final String DETERMINISTIC = "rule: model code is deterministic given its steps' results; it keeps no "
            + "state outside the machine, shares no object with another CPU and reads no clock";

    final int cpu;
    private final Object[] results;
    private final long[] signatures;
    /** As the engine that ran the code first: the explorer delivers IPIs itself, native engines do not. */
    private final boolean deliversIpis;
    int position;
    Step<?> captured;
    Footprint declared;

    ReplaySched(int cpu, Object[] results, long[] signatures, boolean deliversIpis) {
        this.cpu = cpu;
        this.results = results;
        this.signatures = signatures;
        this.deliversIpis = deliversIpis;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T perform(int who, MachineCore core, Step<T> step) {
        if (who != cpu) throw new IllegalStateException("CPU" + who + " moved while CPU" + cpu + " was resumed");
        if (captured != null) throw afterCapture(step.call());
        if (position < results.length) {
            if (signatures != null && step.signature() != signatures[position]) {
                throw new RuleBroken("CPU" + cpu + "'s code, run again with the same results, asks for a different "
                        + "step " + (position + 1) + ": now " + step.call() + " at " + RuleBroken.where() + " ("
                        + DETERMINISTIC + ")");
            }
            return (T) results[position++];
        }
        captured = step;
        throw Captured.INSTANCE;
    }

    /** After the code returned normally: it must have taken every recorded step and caught no capture. */
    void checkFinished() {
        if (captured != null) {
            throw new RuleBroken("CPU" + cpu + "'s code went on after the explorer stopped it at step " + (position + 1)
                    + " (" + captured.call() + "): something around that call caught the Error that stops it "
                    + "(rule: model code never catches Error or Throwable)");
        }
        if (position != results.length) {
            throw new RuleBroken("CPU" + cpu + "'s code, run again with the same results, finished after " + position
                    + " of its " + results.length + " steps (" + DETERMINISTIC + ")");
        }
    }

    @Override
    public void beforeStep(int who, BooleanSupplier guard) {
        throw new IllegalStateException("CPU" + who + " announced a step outside Sched.perform");
    }

    @Override
    public void restOfOperationTouches(int who, Footprint footprint) {
        if (captured != null) throw afterCapture("rest_of_operation_touches");
        declared = footprint;
    }

    /** The code went on after the capture: something caught the Error (or a finally block ran steps). */
    private RuleBroken afterCapture(String what) {
        return new RuleBroken("CPU" + cpu + "'s code went on (" + what + " at " + RuleBroken.where() + ") after the "
                + "explorer stopped it at step " + (position + 1) + " (" + captured.call() + "): something caught the "
                + "Error that stops it (rule: model code never catches Error or Throwable, and takes no step in a "
                + "finally block)");
    }

    @Override
    public boolean deliversIpis() {
        return deliversIpis;
    }
}
