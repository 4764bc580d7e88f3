package shootdown.machine;

/**
 * A kernel lock as model code holds it: a name. Who holds it is machine state ({@link LockTable}),
 * so every snapshot of a machine has its own holders for the same lock handle.
 */
public abstract sealed class KernelLock permits SpinLock, RwLock {
    private final String name;
    /** Registration order among the machine's locks: the lock's slot and its object in a {@link Footprint}. */
    final int index;

    KernelLock(String name, int index) {
        this.name = name;
        this.index = index;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
