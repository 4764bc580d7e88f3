package shootdown.machine;

/**
 * A kernel spinlock ({@code spinlock_t}): a name the model holds. Who owns it is machine state
 * ({@link LockTable}), so every snapshot of a machine has its own holder for the same lock.
 */
public final class SpinLock {
    public static final int UNLOCKED = -1;

    private final String name;
    /** Registration order among the machine's locks: the lock's slot and its object in a {@link Footprint}. */
    final int index;

    SpinLock(String name, int index) {
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
