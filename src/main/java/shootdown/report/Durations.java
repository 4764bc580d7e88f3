package shootdown.report;

import java.time.Duration;
import java.util.Locale;

/** Durations as people say them: "840 ms", "12.3 s", "4 min 07 s", "1 h 02 min". */
public final class Durations {
    private Durations() {
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        if (ms < 3_600_000) return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, ms / 1000 % 60);
        return String.format(Locale.ROOT, "%d h %02d min", ms / 3_600_000, ms / 60_000 % 60);
    }
}
