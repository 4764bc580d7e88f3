package shootdown.model;

import shootdown.machine.MachineCore;

/**
 * One fresh run of a model on one scenario: a machine in its boot state plus the model's own
 * code. Engines create one per execution, run each CPU's operations on its own thread, and
 * check quiescence at the end.
 */
public interface ModelInstance {
    MachineCore machine();

    Scenario scenario();

    /** Runs operation {@code index} of CPU {@code cpu}'s list, on the calling thread. */
    void run(int cpu, int index);

    /** The final-state check; throws {@link shootdown.machine.HazardException} on a violation. */
    default void checkQuiescent() {
        machine().checkQuiescent();
    }
}
