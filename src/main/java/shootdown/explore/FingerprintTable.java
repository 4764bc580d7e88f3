package shootdown.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The states already explored, as 128-bit fingerprints in one open-addressing table of longs
 * (two longs a slot, no object per state), shared by every search thread without a lock.
 *
 * A slot is claimed by a compare-and-set of its first word, then its second word is written; a
 * thread that finds a first word equal to its own waits for the second to appear (both words are
 * never zero, so zero marks "not yet written"). The table grows by half when it is 85% full,
 * while every inserting thread waits at a barrier, so it holds at most 16 / 0.85 = 18.8 bytes per
 * state when full, and 28 bytes just after growing. A growth that would exceed the memory budget
 * is refused: the search then stops, INCONCLUSIVE, instead of running out of memory.
 */
final class FingerprintTable {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final double MAX_LOAD = 0.85;

    /** Why an insert could not be made: the table would outgrow the memory it may use. */
    static final class Full extends RuntimeException {
        Full(String message) {
            super(message, null, false, false);
        }
    }

    private volatile long[] slots;
    /** Per thread, the states it put in (each on its own cache line; summed when asked). */
    private final long[] added;
    private final long maxBytes;
    private final AtomicBoolean growing = new AtomicBoolean();
    /** Per thread slot: true while that thread inserts (the grower waits until all are false). */
    private final Inserting inserting;

    /**
     * @param maxBytes the most the table may take (its arrays, during growth both of them)
     * @param threads  how many threads insert (each gets an index in {@link #insert})
     */
    FingerprintTable(long maxBytes, int threads) {
        this.maxBytes = maxBytes;
        this.slots = new long[2 * 4096];
        this.inserting = new Inserting(threads);
        this.added = new long[(threads + 1) * Inserting.PAD];
    }

    long size() {
        long total = 0;
        for (int i = Inserting.PAD; i < added.length; i += Inserting.PAD) total += (long) SLOT.getOpaque(added, i);
        return total;
    }

    /** Bytes the table's array takes now. */
    long bytes() {
        return 8L * slots.length;
    }

    /**
     * True if the state is new (and is now in the table); false if some thread put it in first.
     *
     * @param thread the calling thread's index, below the thread count given at construction
     * @throws Full if the table needed to grow beyond its memory budget
     */
    boolean insert(int thread, long a, long b) {
        if (a == 0) a = 1; // zero words mark empty and not-yet-written slots
        if (b == 0) b = 1;
        while (true) {
            inserting.enter(thread);
            if (growing.get()) {
                inserting.leave(thread);
                while (growing.get()) Thread.onSpinWait();
                continue;
            }
            try {
                int result = tryInsert(slots, a, b);
                if (result == NEW) {
                    int mine = (thread + 1) * Inserting.PAD;
                    long count = (long) SLOT.getOpaque(added, mine) + 1;
                    SLOT.setOpaque(added, mine, count);
                    // Checking the load costs a sum over the threads: every 256 of one thread's inserts.
                    if ((count & 255) == 0 && size() > MAX_LOAD * (slots.length / 2)) {
                        inserting.leave(thread);
                        grow();
                    }
                    return true;
                }
                if (result == PRESENT) return false;
            } finally {
                inserting.leaveIfIn(thread);
            }
        }
    }

    private static final int NEW = 0, PRESENT = 1;

    private static int tryInsert(long[] table, long a, long b) {
        long capacity = table.length / 2;
        long slot = index(b, capacity);
        while (true) {
            int i = (int) (2 * slot);
            long first = (long) SLOT.getVolatile(table, i);
            if (first == 0) {
                if (SLOT.compareAndSet(table, i, 0L, a)) {
                    SLOT.setRelease(table, i + 1, b);
                    return NEW;
                }
                first = (long) SLOT.getVolatile(table, i);
            }
            if (first == a) {
                long second;
                while ((second = (long) SLOT.getAcquire(table, i + 1)) == 0) Thread.onSpinWait();
                if (second == b) return PRESENT;
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    /** Where a fingerprint starts probing in a table of {@code capacity} slots (any capacity, no power of two needed). */
    private static long index(long hash, long capacity) {
        return Math.multiplyHigh(hash & Long.MAX_VALUE, capacity << 1); // floor(hash * capacity / 2^63)
    }

    /** Grows by half once every inserting thread has left; one thread grows, the others wait. */
    private void grow() {
        if (!growing.compareAndSet(false, true)) return;
        try {
            long[] old = slots;
            if (size() <= MAX_LOAD * (old.length / 2)) return; // another thread grew it already
            inserting.awaitNone();
            long capacity = old.length / 2 + old.length / 4;
            if (8L * (old.length + 2 * capacity) > maxBytes) {
                throw new Full("the visited-state table would need " + mb(16 * capacity) + " MB besides its "
                        + mb(8L * old.length) + " MB, past the memory budget of " + mb(maxBytes) + " MB");
            }
            long[] table = new long[(int) Math.min(Integer.MAX_VALUE - 9, 2 * capacity)];
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != 0) tryInsert(table, old[i], old[i + 1]);
            }
            slots = table;
        } finally {
            growing.set(false);
        }
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    /** One flag per inserting thread, each on its own cache line. */
    private static final class Inserting {
        static final int PAD = 16; // longs: 128 bytes between two threads' flags
        private final long[] flags;

        Inserting(int threads) {
            this.flags = new long[(threads + 1) * PAD];
        }

        void enter(int thread) {
            SLOT.setVolatile(flags, (thread + 1) * PAD, 1L);
        }

        void leave(int thread) {
            SLOT.setVolatile(flags, (thread + 1) * PAD, 0L);
        }

        void leaveIfIn(int thread) {
            if ((long) SLOT.getOpaque(flags, (thread + 1) * PAD) != 0) leave(thread);
        }

        void awaitNone() {
            for (int i = PAD; i < flags.length; i += PAD) {
                while ((long) SLOT.getVolatile(flags, i) != 0) Thread.onSpinWait();
            }
        }
    }
}
