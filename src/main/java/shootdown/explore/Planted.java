package shootdown.explore;

import shootdown.machine.Footprint;
import shootdown.machine.Step;

/**
 * For tests only: a deliberate bug planted in the search, to show that the checks meant to catch
 * such a bug do catch it (a footprint that says less than its step does, a result left out of a
 * CPU's history). Every search outside the tests runs with {@link #NONE}.
 */
interface Planted {
    Planted NONE = new Planted() {
    };

    /** The footprint the search takes {@code step} to declare. */
    default Footprint footprint(Step<?> step) {
        return step.footprint();
    }

    /** Whether the search keeps the value {@code step} returned in its CPU's history. */
    default boolean keepsResult(Step<?> step) {
        return step.resultKept();
    }
}
