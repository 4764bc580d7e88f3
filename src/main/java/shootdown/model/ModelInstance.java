package shootdown.model;

import shootdown.machine.Footprint;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;

/**
 * One fresh run of a model on one scenario: a machine in its boot state plus the model's own
 * code, checked for quiescence at the end. The snapshot search runs every CPU's code on the search's
 * own thread, one step at a time, re-running it on a fresh instance to find each next step;
 * Lincheck, jcstress and the explorer's replays run each CPU on a thread of its own.
 */
public interface ModelInstance {
    MachineCore machine();

    Scenario scenario();

    /** Runs operation {@code index} of CPU {@code cpu}'s list, on the calling thread. */
    void run(int cpu, int index);

    /**
     * Everything operation {@code index} of CPU {@code cpu} may touch, over all its steps and the
     * IPIs it sends: the explorer's reduction trusts this to know what a CPU may still do, and
     * stops with an error on any step outside it. Undeclared, an operation may touch anything.
     */
    default Footprint footprint(int cpu, int index) {
        return Footprint.EVERYTHING;
    }

    /**
     * Locking rules the model's kernel code keeps (see {@link LockRule}); the explorer stops
     * with an error on a step that breaks one.
     */
    default java.util.List<LockRule> lockRules() {
        return java.util.List.of();
    }

    /** The final-state check; throws {@link shootdown.machine.HazardException} on a violation. */
    default void checkQuiescent() {
        machine().checkQuiescent();
    }
}
