package shootdown.machine;

import java.util.function.BooleanSupplier;

/**
 * Where interleavings happen. Every atomic machine step is preceded by {@link #beforeStep}:
 * an exploring engine decides there which CPU moves next; a native engine (Lincheck, or real
 * threads under jcstress) only waits while the step's guard is false.
 */
public interface Sched {
    /** Blocks until CPU {@code cpu} may take its next step; {@code guard} null means always enabled. */
    void beforeStep(int cpu, BooleanSupplier guard);

    /**
     * {@link #beforeStep(int, BooleanSupplier)}, saying what the step may touch: an exploring
     * engine uses it to skip orders of steps that commute.
     */
    default void beforeStep(int cpu, BooleanSupplier guard, Footprint footprint) {
        beforeStep(cpu, guard);
    }

    /**
     * The model says what the rest of CPU {@code cpu}'s current operation may still touch, a
     * narrower footprint than the operation's own. Only an exploring engine cares.
     */
    default void restOfOperationTouches(int cpu, Footprint footprint) {
    }

    /**
     * CPU {@code cpu} takes {@code step} on {@code core}, its own machine: announced first (and
     * waited for while its guard is false), then run, then its value reported. An engine that
     * keeps snapshots of the machine overrides this and runs the step where it chooses.
     */
    default <T> T perform(int cpu, MachineCore core, Step<T> step) {
        beforeStep(cpu, step.guard() == null ? null : step.guard().on(core), step.footprint());
        T result = step.body().apply(core);
        afterStep(cpu, step.resultKept() ? result : null);
        return result;
    }

    /** Reports the value the step returned (an exploring engine folds it into the CPU's state). */
    default void afterStep(int cpu, Object result) {
    }

    /**
     * Called after a step that may have made another CPU's guard true (a lock released, an
     * IPI taken, interrupts enabled, a model step). Native engines wake their waiters here,
     * outside the atomic step, where Lincheck can see the notification.
     */
    default void released(int cpu) {
    }

    /** True if this engine delivers IPIs itself, as separate events in any order. */
    default boolean deliversIpis() {
        return false;
    }
}
