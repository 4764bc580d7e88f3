package shootdown.machine;

/**
 * A kernel reader/writer lock ({@code rwlock_t}, e.g. {@code kvm->mmu_lock}): any number of
 * readers, or one writer. Writer fairness (qrwlock making new readers wait behind a queued
 * writer) is not modelled: every order of readers and writers is allowed, a superset of what
 * the kernel lets happen.
 */
public final class RwLock extends KernelLock {
    RwLock(String name, int index) {
        super(name, index);
    }
}
