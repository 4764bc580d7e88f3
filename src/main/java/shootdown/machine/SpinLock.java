package shootdown.machine;

/** A kernel spinlock ({@code spinlock_t}): one holder at a time. */
public final class SpinLock extends KernelLock {
    public static final int UNLOCKED = -1;

    SpinLock(String name, int index) {
        super(name, index);
    }
}
