package shootdown.machine;

/**
 * A locking rule a model states about its kernel code: every write to {@code objects} is made
 * with {@code lock} held (as set_memory.c writes the direct map only under {@code cpa_lock}).
 * The explorer enforces it on every step, and uses it: while the lock's holder cannot move,
 * no other CPU can write those objects.
 */
public record LockRule(Footprint objects, SpinLock lock) {
    /** True if {@code step} writes an object this rule protects. */
    public boolean covers(Footprint step) {
        return (step.writes() & objects.writes()) != 0;
    }

    @Override
    public String toString() {
        return "writes to " + objects.writtenObjects() + " only under " + lock.name();
    }
}
