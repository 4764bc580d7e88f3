package shootdown.machine;

/** A kernel spinlock ({@code spinlock_t}). Owned by at most one CPU; need not nest lexically. */
public final class SpinLock {
    public static final int UNLOCKED = -1;

    private final String name;
    /** Registration order among the machine's locks: the lock's object in a {@link Footprint}. */
    final int index;
    int owner = UNLOCKED;

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
