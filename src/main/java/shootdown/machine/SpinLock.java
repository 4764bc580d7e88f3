package shootdown.machine;

/** A kernel spinlock ({@code spinlock_t}). Owned by at most one CPU; need not nest lexically. */
public final class SpinLock {
    public static final int UNLOCKED = -1;

    private final String name;
    int owner = UNLOCKED;

    SpinLock(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
