package shootdown.machine;

import java.util.BitSet;

/**
 * A kernel reader/writer lock ({@code rwlock_t}, e.g. {@code kvm->mmu_lock}): any number of
 * readers, or one writer. Writer fairness (qrwlock making new readers wait behind a queued
 * writer) is not modelled: every order of readers and writers is allowed, a superset of what
 * the kernel lets happen.
 */
public final class RwLock {
    private final String name;
    /** Registration order among the machine's locks: the lock's object in a {@link Footprint}. */
    final int index;
    int writer = SpinLock.UNLOCKED;
    final BitSet readers = new BitSet();

    RwLock(String name, int index) {
        this.name = name;
        this.index = index;
    }

    public String name() {
        return name;
    }

    /** How {@code cpu} holds the lock: "read", "write", or null. */
    String heldBy(int cpu) {
        if (writer == cpu) return "write";
        return readers.get(cpu) ? "read" : null;
    }

    void encode(StringBuilder out) {
        out.append(name).append("=w").append(writer).append('r').append(readers).append(';');
    }

    @Override
    public String toString() {
        return name;
    }
}
