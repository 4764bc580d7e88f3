package shootdown.cli;

import java.util.Locale;
import shootdown.explore.Progress;

/**
 * How far a long proof got, on standard error: every 10 seconds at a terminal, once a minute
 * into a log (so a cluster job's log stays readable).
 */
final class ProofProgress {
    private ProofProgress() {
    }

    static long everyMillis() {
        return System.console() != null ? 10_000 : 60_000;
    }

    static Progress onStderr() {
        return snapshot -> System.err.println(line(snapshot));
    }

    static String line(Progress.Snapshot s) {
        long left = s.millisLeft();
        return String.format(Locale.ROOT, "prove: %s states (%s/s), %s transitions, depth %d, table %d MB, %s%s",
                count(s.states()), count(s.statesPerSecond()), count(s.transitions()), s.depth(), s.tableBytes() >> 20,
                duration(s.elapsedMillis()), left < 0 ? "" : String.format(Locale.ROOT,
                        "; about %s left (%.1f%% of the search tree done, an estimate)", duration(left), 100 * s.finished()));
    }

    static String count(long n) {
        if (n >= 10_000_000) return (n / 1_000_000) + "M";
        if (n >= 1_000_000) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 10_000) return (n / 1000) + "k";
        return Long.toString(n);
    }

    static String duration(long millis) {
        long s = millis / 1000;
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
