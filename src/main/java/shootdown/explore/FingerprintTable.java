package shootdown.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The states already explored, as 96-bit fingerprints in open-addressing tables (a long and an
 * int a slot, in two primitive arrays, no object per state), shared by every search thread
 * without a lock.
 *
 * A slot is claimed by a compare-and-set of its long, then its int is written; a thread that
 * finds a long equal to its own waits for the int to appear (neither word is ever zero, so zero
 * marks "not yet written"). A fingerprint's 96 bits are the state key's first word and the low
 * half of its second; the first word's top {@value #SEGMENT_BITS} bits pick one of
 * {@value #SEGMENTS} segments, its next 32 the slot where probing starts. A segment grows by
 * half when it is 85% full, while every inserting thread waits at a barrier, so the table holds
 * 12 / 0.85 = 14.1 bytes per state in a full segment and 21.2 in one just grown. Segments grow
 * one at a time, each on its own: growing never needs more than a segment's worth of memory
 * besides the table (one table of one array would need the whole table again, and a 4x2 proof
 * ran out of memory so at 445 million states). A growth that would pass the memory budget is
 * refused: the search then stops, INCONCLUSIVE, instead of running out of memory.
 */
final class FingerprintTable {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final double MAX_LOAD = 0.85;
    /** Bytes a slot takes: its long and its int. */
    static final int SLOT_BYTES = 12;
    /** The bits of a fingerprint the table tells apart. */
    static final int BITS = 96;
    static final int SEGMENT_BITS = 6;
    static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final int FIRST_CAPACITY = 64;
    /** Longs between two segments' counts: each on its own cache line. */
    private static final int PAD = 16;

    /** Why an insert could not be made: the table would outgrow the memory it may use. */
    static final class Full extends RuntimeException {
        Full(String message) {
            super(message, null, false, false);
        }
    }

    /** The two arrays of one segment, swapped together when it grows. */
    private record Slots(long[] firsts, int[] seconds) {
        Slots(int capacity) {
            this(new long[capacity], new int[capacity]);
        }

        int capacity() {
            return firsts.length;
        }
    }

    private final AtomicReferenceArray<Slots> segments = new AtomicReferenceArray<>(SEGMENTS);
    /** Per segment, the states in it (at index segment * PAD). */
    private final long[] counts = new long[SEGMENTS * PAD];
    private final long maxBytes;
    private final AtomicBoolean growing = new AtomicBoolean();
    /** Per thread slot: true while that thread inserts (the grower waits until all are false). */
    private final Inserting inserting;

    /**
     * @param maxBytes the most the table may take (its arrays, a growing segment's both)
     * @param threads  how many threads insert (each gets an index in {@link #insert})
     */
    FingerprintTable(long maxBytes, int threads) {
        this.maxBytes = maxBytes;
        for (int i = 0; i < SEGMENTS; i++) segments.set(i, new Slots(FIRST_CAPACITY));
        this.inserting = new Inserting(threads);
    }

    long size() {
        long total = 0;
        for (int i = 0; i < SEGMENTS; i++) total += (long) LONGS.getOpaque(counts, i * PAD);
        return total;
    }

    /** Bytes the table's arrays take now. */
    long bytes() {
        long slots = 0;
        for (int i = 0; i < SEGMENTS; i++) slots += segments.get(i).capacity();
        return SLOT_BYTES * slots;
    }

    private static int segment(long stored) {
        return (int) (stored >>> (64 - SEGMENT_BITS));
    }

    /** Where probing starts: floor(the 32 bits below the segment's / 2^32 * capacity), for any capacity. */
    private static int start(long stored, int capacity) {
        return (int) ((((stored << SEGMENT_BITS) >>> 32) * capacity) >>> 32);
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
        int segment = segment(a);
        while (true) {
            inserting.enter(thread);
            if (growing.get()) {
                inserting.leave(thread);
                while (growing.get()) Thread.onSpinWait();
                continue;
            }
            try {
                Slots table = segments.get(segment);
                int result = tryInsert(table, a, second);
                if (result == NEW) {
                    long count = (long) LONGS.getAndAdd(counts, segment * PAD, 1L) + 1;
                    if (count > MAX_LOAD * table.capacity()) {
                        inserting.leave(thread);
                        grow(segment);
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
        Slots table = segments.get(segment(a));
        int capacity = table.capacity();
        int slot = start(a, capacity);
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
        for (int s = 0; s < SEGMENTS; s++) {
            Slots table = segments.get(s);
            for (int i = 0; i < table.capacity(); i++) {
                if (table.firsts[i] != 0) visitor.visit(table.firsts[i], table.seconds[i]);
            }
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
        int slot = start(a, capacity);
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

    /** Grows a segment by half once every inserting thread has left; one thread grows, the others wait. */
    private void grow(int segment) {
        if (!growing.compareAndSet(false, true)) return;
        try {
            Slots old = segments.get(segment);
            if ((long) LONGS.getVolatile(counts, segment * PAD) <= MAX_LOAD * old.capacity()) return; // grown already
            inserting.awaitNone();
            long capacity = Math.min(Integer.MAX_VALUE - 9, old.capacity() + old.capacity() / 2L);
            if (capacity == old.capacity() || bytes() + (long) SLOT_BYTES * capacity > maxBytes) {
                throw new Full("the visited-state table would need " + mb(SLOT_BYTES * capacity) + " MB besides its "
                        + mb(bytes()) + " MB, past the memory budget of " + mb(maxBytes) + " MB");
            }
            Slots table = new Slots((int) capacity);
            for (int i = 0; i < old.capacity(); i++) {
                if (old.firsts[i] != 0) tryInsert(table, old.firsts[i], old.seconds[i]);
            }
            segments.set(segment, table);
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
