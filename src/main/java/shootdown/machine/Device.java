package shootdown.machine;

/**
 * Shared state a model adds to the machine: the RMP, per-CPU caches, kernel objects such as
 * shadow pages or cpumasks. A device is touched only inside a machine step
 * ({@link Cpu#step}), so every engine sees its changes as atomic steps.
 */
public interface Device {
    /** Appends a canonical form of the device's state (for the explorer's visited-state set). */
    void encode(StringBuilder out);

    /**
     * An independent copy of the device for a snapshot of the machine {@code into}: nothing
     * mutable may be shared with this one. Model code finds devices by class, so the copy
     * serves the same code.
     */
    Device copy(MachineCore into);

    /**
     * The device's part of the state key, with CPU {@code order[k]} counted as CPU k
     * ({@code rank[cpu]} is where CPU cpu stands in {@code order}). A device that names CPUs
     * (a cpumask, per-CPU caches, the CPU an update runs on) must rename them here for its model
     * to declare its CPUs interchangeable; the default hashes {@link #encode} and refuses any
     * order but the identity.
     */
    default void fingerprint(Fingerprint out, int[] order, int[] rank) {
        for (int k = 0; k < order.length; k++) {
            if (order[k] != k) {
                throw new IllegalStateException(getClass().getSimpleName() + " names CPUs and does not rename them");
            }
        }
        StringBuilder text = new StringBuilder();
        encode(text);
        out.add(Fingerprint.hashes(text));
    }

    /**
     * {@link #encode} with CPU {@code order[k]} written as CPU k: what a check of the CPU
     * symmetry compares. The default refuses any order but the identity, as {@link #fingerprint} does.
     */
    default void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        for (int k = 0; k < order.length; k++) {
            if (order[k] != k) throw new IllegalStateException(getClass().getSimpleName() + " does not rename CPUs in its text");
        }
        encode(out);
    }

    /** Orders two CPUs by what this device holds for each (for a canonical numbering); 0 if alike. */
    default int compareCpus(int a, int b) {
        return 0;
    }

    /** Checks the device's invariants once every operation has finished. */
    default void checkQuiescent(MachineCore core) {
    }

    // ---- outcomes (what a lock-removal certificate compares) ----

    /**
     * Appends the device's final state as a certificate compares it: what the run left behind,
     * free of names that depend on the path taken (allocation ids, allocation counters), so that
     * two runs leaving the same state give the same text. Defaults to {@link #encode}, for
     * devices whose encoding has no such names.
     */
    default void outcome(StringBuilder out) {
        encode(out);
    }
}
