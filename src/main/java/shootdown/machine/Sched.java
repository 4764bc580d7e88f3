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
