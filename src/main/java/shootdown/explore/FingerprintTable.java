package shootdown.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The states already explored, as 96-bit fingerprints in one open-addressing table (a long and
 * an int a slot, in two primitive arrays, no object per state), shared by every search thread
 * without a lock.
 *
 * A slot is claimed by a compare-and-set of its long, then its int is written; a thread that
 * finds a long equal to its own waits for the int to appear (neither word is ever zero, so zero
 * marks "not yet written"). A fingerprint's 96 bits are the state key's first word and the low
 * half of its second; the first word's high half picks the slot where probing starts. The table
 * grows by half when it is 85% full, while every inserting thread waits at a barrier, so it
 * holds 12 / 0.85 = 14.1 bytes per state when full and 21.2 just after growing. A growth that
 * would pass the memory budget is refused: the search then stops, INCONCLUSIVE, instead of
 * running out of memory.
 */
final class FingerprintTable {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final double MAX_LOAD = 0.85;
    /** Bytes a slot takes: its long and its int. */
    static final int SLOT_BYTES = 12;
    /** The bits of a fingerprint the table tells apart. */
    static final int BITS = 96;

    /** Why an insert could not be made: the table would outgrow the memory it may use. */
    static final class Full extends RuntimeException {
        Full(String message) {
            super(message, null, false, false);
        }
    }

    /** The two arrays of one size, swapped together when the table grows. */
    private record Slots(long[] firsts, int[] seconds) {
        Slots(int capacity) {
            this(new long[capacity], new int[capacity]);
        }

        int capacity() {
            return firsts.length;
        }
    }

    private volatile Slots slots;
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
        this.slots = new Slots(4096);
        this.inserting = new Inserting(threads);
        this.added = new long[(threads + 1) * Inserting.PAD];
    }

    long size() {
        long total = 0;
        for (int i = Inserting.PAD; i < added.length; i += Inserting.PAD) total += (long) LONGS.getOpaque(added, i);
        return total;
    }

    /** Bytes the table's arrays take now. */
    long bytes() {
        return (long) SLOT_BYTES * slots.capacity();
    }

    /**
     * True if the state is new (and is now in the table); false if some thread put it in first.
     *
     * @param thread the calling thread's index, below the thread count given at construction
     * @throws Full if the table needed to grow beyond its memory budget
     */
    boolean insert(int thread, long a, long b) {
        a = storedFirst(a);
        int second = storedSecond(b);
        while (true) {
            inserting.enter(thread);
            if (growing.get()) {
                inserting.leave(thread);
                while (growing.get()) Thread.onSpinWait();
                continue;
            }
            try {
                int result = tryInsert(slots, a, second);
                if (result == NEW) {
                    int mine = (thread + 1) * Inserting.PAD;
                    long count = (long) LONGS.getOpaque(added, mine) + 1;
                    LONGS.setOpaque(added, mine, count);
                    // Checking the load costs a sum over the threads: every 256 of one thread's inserts.
                    if ((count & 255) == 0 && size() > MAX_LOAD * slots.capacity()) {
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

    /**
     * True if the state is in the table. A lookup racing an insert of the same state may miss
     * it; a caller that only skips states it finds here loses nothing by a miss but time.
     */
    boolean contains(long a, long b) {
        a = storedFirst(a);
        int second = storedSecond(b);
        Slots table = slots;
        int capacity = table.capacity();
        int slot = (int) (((a >>> 32) * capacity) >>> 32);
        while (true) {
            long first = (long) LONGS.getVolatile(table.firsts, slot);
            if (first == 0) return false;
            if (first == a && (int) INTS.getAcquire(table.seconds, slot) == second) return true;
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    /** Receives the fingerprints of a table, as its two stored words. */
    @FunctionalInterface
    interface Visitor {
        void visit(long first, int second);
    }

    /** Every fingerprint in the table, as stored (call when no thread inserts). */
    void forEach(Visitor visitor) {
        Slots table = slots;
        for (int i = 0; i < table.capacity(); i++) {
            if (table.firsts[i] != 0) visitor.visit(table.firsts[i], table.seconds[i]);
        }
    }

    private static final int NEW = 0, PRESENT = 1;

    /** A fingerprint's first word as the table stores it: zero words mark empty and not-yet-written slots. */
    static long storedFirst(long a) {
        return a == 0 ? 1 : a;
    }

    static int storedSecond(long b) {
        return (int) b == 0 ? 1 : (int) b;
    }

    private static int tryInsert(Slots table, long a, int b) {
        int capacity = table.capacity();
        int slot = (int) (((a >>> 32) * capacity) >>> 32); // floor(a's high half / 2^32 * capacity): any capacity
        while (true) {
            long first = (long) LONGS.getVolatile(table.firsts, slot);
            if (first == 0) {
                if (LONGS.compareAndSet(table.firsts, slot, 0L, a)) {
                    INTS.setRelease(table.seconds, slot, b);
                    return NEW;
                }
                first = (long) LONGS.getVolatile(table.firsts, slot);
            }
            if (first == a) {
                int second;
                while ((second = (int) INTS.getAcquire(table.seconds, slot)) == 0) Thread.onSpinWait();
                if (second == b) return PRESENT;
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    /** Grows by half once every inserting thread has left; one thread grows, the others wait. */
    private void grow() {
        if (!growing.compareAndSet(false, true)) return;
        try {
            Slots old = slots;
            if (size() <= MAX_LOAD * old.capacity()) return; // another thread grew it already
            inserting.awaitNone();
            long capacity = Math.min(Integer.MAX_VALUE - 9, old.capacity() + old.capacity() / 2L);
            if (capacity == old.capacity() || (long) SLOT_BYTES * (old.capacity() + capacity) > maxBytes) {
                throw new Full("the visited-state table would need " + mb(SLOT_BYTES * capacity) + " MB besides its "
                        + mb(bytes()) + " MB, past the memory budget of " + mb(maxBytes) + " MB");
            }
            Slots table = new Slots((int) capacity);
            for (int i = 0; i < old.capacity(); i++) {
                if (old.firsts[i] != 0) tryInsert(table, old.firsts[i], old.seconds[i]);
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
            LONGS.setVolatile(flags, (thread + 1) * PAD, 1L);
        }

        void leave(int thread) {
            LONGS.setVolatile(flags, (thread + 1) * PAD, 0L);
        }

        void leaveIfIn(int thread) {
            if ((long) LONGS.getOpaque(flags, (thread + 1) * PAD) != 0) leave(thread);
        }

        void awaitNone() {
            for (int i = PAD; i < flags.length; i += PAD) {
                while ((long) LONGS.getVolatile(flags, i) != 0) Thread.onSpinWait();
            }
        }
    }
}
