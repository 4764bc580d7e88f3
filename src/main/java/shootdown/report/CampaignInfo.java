package shootdown.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a report says about the campaign itself.
 *
 * @param runName     the directory name under {@code reports/}, e.g. {@code 2025-01-09-cpa}
 * @param started     when the campaign started
 * @param elapsed     how long it has run so far (the whole run once finished)
 * @param engines     the engines asked for, in column order
 * @param commandLine the command that started it, so a reader can run it again (may be null)
 * @param finished    false while checks are still running or after an interruption
 * @param args        the campaign's options as given (without --resume): what a resume reads back, so
 *                    that it continues the same selection with the same settings (null: not known)
 */
public record CampaignInfo(String runName, Instant started, Duration elapsed, List<String> engines,
                           String commandLine, boolean finished, List<String> args) {
    public CampaignInfo {
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(elapsed, "elapsed");
        engines = List.copyOf(engines);
        args = args == null ? null : List.copyOf(args);
    }

    public CampaignInfo(String runName, Instant started, Duration elapsed, List<String> engines, String commandLine,
                        boolean finished) {
        this(runName, started, elapsed, engines, commandLine, finished, null);
    }

    /** The same campaign, later: used after each finished check. */
    public CampaignInfo at(Duration elapsedNow, boolean finishedNow) {
        return new CampaignInfo(runName, started, elapsedNow, engines, commandLine, finishedNow, args);
    }
}
