package shootdown.explore;

/**
 * How much an exploration may spend before it stops and says so: distinct states, time, memory
 * for the visited-state table, and how many threads it may search on.
 */
public record Budget(long maxStates, long millis, long maxBytes, int threads) {
    /** How many bits of a state's fingerprint the visited set tells apart (for the collision bound). */
    public static final int FINGERPRINT_BITS = FingerprintTable.BITS;

    public static final Budget DEFAULT = new Budget(2_000_000, 60_000);

    /** One thread, and the memory the JVM can give (see {@link #defaultMaxBytes()}). */
    public Budget(long maxStates, long millis) {
        this(maxStates, millis, defaultMaxBytes(), 1);
    }

    public Budget withMillis(long value) {
        return new Budget(maxStates, value, maxBytes, threads);
    }

    public Budget withThreads(int value) {
        return new Budget(maxStates, millis, maxBytes, value);
    }

    public Budget withMaxBytes(long value) {
        return new Budget(maxStates, millis, value, threads);
    }

    /**
     * What the JVM was given, less headroom for everything but the visited-state table (the
     * search stacks, the CPUs' resumed code, the JIT): a quarter of the heap, at least 256 MB.
     */
    public static long defaultMaxBytes() {
        long max = Runtime.getRuntime().maxMemory();
        return Math.max(max - Math.max(256L << 20, max / 4), 64L << 20);
    }
}
