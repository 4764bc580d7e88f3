package shootdown.explore;

/**
 * The states already explored: each is explored once, by whichever path reaches it first. The
 * 128-bit fingerprints sit in one open-addressing table, 32 bytes per state at most.
 */
final class Visited {
    private long[] as = new long[1 << 12];
    private long[] bs = new long[1 << 12];
    private int size;

    /** True if the state is new, and so must be explored. */
    boolean firstVisit(StateHash state) {
        long a = state.a() == 0 && state.b() == 0 ? 1 : state.a(); // (0, 0) marks an empty slot
        if (2 * (size + 1) > as.length) grow();
        if (!insert(as, bs, a, state.b())) return false;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private static boolean insert(long[] as, long[] bs, long a, long b) {
        int mask = as.length - 1;
        for (int slot = (int) (b ^ (b >>> 32)) & mask; ; slot = (slot + 1) & mask) {
            if (as[slot] == 0 && bs[slot] == 0) {
                as[slot] = a;
                bs[slot] = b;
                return true;
            }
            if (as[slot] == a && bs[slot] == b) return false;
        }
    }

    private void grow() {
        long[] oldAs = as, oldBs = bs;
        as = new long[oldAs.length * 2];
        bs = new long[oldBs.length * 2];
        for (int i = 0; i < oldAs.length; i++) {
            if (oldAs[i] != 0 || oldBs[i] != 0) insert(as, bs, oldAs[i], oldBs[i]);
        }
    }

    /** Slots in the table: it doubles before it is half full, so probes stay short. */
    int capacity() {
        return as.length;
    }
}
