package shootdown.machine;

/**
 * Shared state a model adds to the machine: the RMP, per-CPU caches, kernel objects such as
 * shadow pages or cpumasks. A device is touched only inside a machine step
 * ({@link Cpu#step}), so every engine sees its changes as atomic steps.
 */
public interface Device {
    /** Appends a canonical form of the device's state (for the explorer's visited-state set). */
    void encode(StringBuilder out);

    /** Checks the device's invariants once every operation has finished. */
    default void checkQuiescent(MachineCore core) {
    }
}
