package shootdown.machine;

/** How a CPU takes a kernel lock: a spinlock, or a reader/writer lock for read or for write. */
public enum LockMode {
    SPIN("spin_lock", "spin_unlock", "", ""),
    READ("read_lock", "read_unlock", " read", " for read"),
    WRITE("write_lock", "write_unlock", " write", " for write");

    /** The kernel functions that take and drop it. */
    final String lock, unlock;
    /** What cost counters add to the lock's name; how an unlock should have held it. */
    final String counted, held;

    LockMode(String lock, String unlock, String counted, String held) {
        this.lock = lock;
        this.unlock = unlock;
        this.counted = counted;
        this.held = held;
    }
}
