package shootdown.explore;

/**
 * How much an exploration may spend before it stops and says so: distinct states, time, memory
 * for the visited-state table, and how many threads it may search on; and the signal that stops
 * it early (SIGTERM, Ctrl-C).
 */
public record Budget(long maxStates, long millis, long maxBytes, int threads, StopSignal stop) {
    /** How many bits of a state's fingerprint the visited set tells apart (for the collision bound). */
    public static final int FINGERPRINT_BITS = FingerprintTable.BITS;

    public static final Budget DEFAULT = new Budget(2_000_000, 60_000);

    /** One thread, and the memory the JVM can give (see {@link #defaultMaxBytes()}). */
    public Budget(long maxStates, long millis) {
        this(maxStates, millis, defaultMaxBytes(), 1);
    }

    /** A budget no signal stops early. */
    public Budget(long maxStates, long millis, long maxBytes, int threads) {
        this(maxStates, millis, maxBytes, threads, StopSignal.NEVER);
    }

    public Budget withMillis(long value) {
        return new Budget(maxStates, value, maxBytes, threads, stop);
    }

    public Budget withThreads(int value) {
        return new Budget(maxStates, millis, maxBytes, value, stop);
    }

    public Budget withMaxBytes(long value) {
        return new Budget(maxStates, millis, value, threads, stop);
    }

    public Budget stoppedBy(StopSignal value) {
        return new Budget(maxStates, millis, maxBytes, threads, value);
    }

    /**
     * Why a search must stop now for a reason other than its states: a signal, or its time spent
     * ({@code deadlineNanos} on {@link System#nanoTime()}'s clock); or null.
     */
    public String timeOrSignal(long deadlineNanos) {
        String signalled = stop.reason();
        if (signalled != null) return signalled;
        return System.nanoTime() > deadlineNanos ? "time budget of " + millis + " ms spent" : null;
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
