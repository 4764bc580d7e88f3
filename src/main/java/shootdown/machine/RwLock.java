package shootdown.machine;

/**
 * A kernel reader/writer lock ({@code rwlock_t}, e.g. {@code kvm->mmu_lock}): any number of
 * readers, or one writer. Writer fairness (qrwlock making new readers wait behind a queued
 * writer) is not modelled: every order of readers and writers is allowed, a superset of what
 * the kernel lets happen. Like {@link SpinLock}, a name; the holders are in {@link LockTable}.
 */
public final class RwLock {
    private final String name;
    /** Registration order among the machine's locks: the lock's slot and its object in a {@link Footprint}. */
    final int index;

    RwLock(String name, int index) {
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
