package shootdown.explore;

/** How much an exploration may spend before it stops and says so. */
public record Budget(long maxStates, long millis) {
    public static final Budget DEFAULT = new Budget(2_000_000, 60_000);

    public Budget withMillis(long value) {
        return new Budget(maxStates, value);
    }
}
