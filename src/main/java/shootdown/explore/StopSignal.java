package shootdown.explore;

/**
 * A request, from outside a search, that it stop where it is and say what it covered: a proof
 * killed by SIGTERM or Ctrl-C answers INCONCLUSIVE with its coverage, as when a budget runs
 * out. Searches look at it where they look at their budget.
 */
public final class StopSignal {
    /** The signal no one can send: a search given it stops only at its budgets. */
    public static final StopSignal NEVER = new StopSignal();

    /** How every reason a signal gives begins, so that an answer can tell it from a spent budget. */
    public static final String STOPPED = "stopped by ";

    private volatile String reason;

    /** Asks every search holding this signal to stop, {@value #STOPPED}{@code by}; the first reason stays. */
    public void request(String by) {
        if (this == NEVER) throw new IllegalStateException("the NEVER signal cannot be sent");
        if (reason == null) reason = STOPPED + by;
    }

    /** True if {@code stopReason} is a signal's, not a budget's. */
    public static boolean signalled(String stopReason) {
        return stopReason != null && stopReason.startsWith(STOPPED);
    }

    /** Why the searches were asked to stop, or null. */
    public String reason() {
        return reason;
    }
}
