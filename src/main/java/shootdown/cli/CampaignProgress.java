package shootdown.cli;

import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import shootdown.campaign.Campaign;
import shootdown.engine.CheckResult;

/**
 * What a campaign shows while it runs: a progress bar on a terminal (what is running, how many
 * are done and left), and one line per finished check, which is also what a log keeps.
 */
final class CampaignProgress implements AutoCloseable {
    private final ProgressBar bar;

    CampaignProgress(int total, int alreadyDone) {
        this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("campaign")
                .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .continuousUpdate().build();
        if (bar != null) bar.stepTo(alreadyDone);
    }

    void started(Campaign.Check check) {
        if (bar != null) bar.setExtraMessage(" " + check.key());
    }

    void finished(CheckResult result, List<CheckResult> all) {
        String line = String.format("%-12s %-9s %-12s %s", result.id(), result.engine(), result.verdict(),
                result.error() != null ? result.error() : result.bound());
        if (bar != null) {
            bar.stepTo(all.size());
            bar.setExtraMessage(" last: " + result.id() + "/" + result.engine() + " " + result.verdict());
        } else {
            System.out.printf("[%d] %s%n", all.size(), line);
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
