package shootdown.cli;

import java.io.PrintStream;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import shootdown.campaign.Campaign;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.CheckResult;

/**
 * What a campaign shows while it runs: one line per finished check (what a log keeps) and, on a
 * terminal, a progress bar below them (what is running, how many are done and left), redrawn
 * in place so that old bars never pile up. With --quiet nothing but the last lines; with
 * --verbose also a line when each check starts, and each check's bound in full.
 */
final class CampaignProgress implements AutoCloseable {
    private final PrintStream out;
    private final Verbosity verbosity;
    private final BarLine line;
    private final ProgressBar bar;

    CampaignProgress(int total, int alreadyDone, Verbosity verbosity) {
        this.out = System.out;
        this.verbosity = verbosity;
        boolean terminal = System.console() != null && !verbosity.quiet;
        this.line = terminal ? new BarLine(out) : null;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("campaign").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(line).build() : null;
        if (bar != null) bar.stepTo(alreadyDone);
    }

    void started(Campaign.Check check) {
        if (bar != null) bar.setExtraMessage(" " + check.key());
        if (verbosity.verbose) print("  start " + check.key());
    }

    void startedTogether(String engine, List<CatalogueRow> rows) {
        String what = engine + ": " + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + " in one run";
        if (bar != null) bar.setExtraMessage(" " + what);
        if (verbosity.verbose) print("  start " + what);
    }

    void finished(CheckResult result, List<CheckResult> all, int total) {
        if (bar != null) {
            bar.stepTo(all.size());
            bar.setExtraMessage(" last: " + result.id() + "/" + result.engine() + " " + result.verdict());
        }
        if (verbosity.quiet) return;
        String detail = result.error() != null ? result.error() : result.bound();
        String text = String.format("[%d/%d] %-14s %-9s %-12s %s", all.size(), total, result.id(), result.engine(),
                result.verdict(), verbosity.verbose ? detail : firstClause(detail));
        print(line != null && !verbosity.verbose ? fit(text, line.getMaxRenderedLength()) : text);
    }

    /** A line above the bar (or the line itself without a terminal). */
    private void print(String text) {
        if (line != null) line.printAbove(text);
        else out.println(text);
    }

    /** The bound up to its first ';': what was explored, not every note. */
    private static String firstClause(String detail) {
        if (detail == null) return "";
        String first = detail.lines().findFirst().orElse("");
        int cut = first.indexOf("; ");
        return cut < 0 ? first : first.substring(0, cut);
    }

    private static String fit(String text, int width) {
        return width > 4 && text.length() > width ? text.substring(0, width - 3) + "..." : text;
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }

    /**
     * The bar's line: redrawn in place with a carriage return and an erase to the end of the
     * line; a finished check's line is printed over it and the bar drawn again below.
     */
    static final class BarLine extends ConsoleProgressBarConsumer {
        private static final String ERASE_LINE = "\r\u001b[K";
        private final PrintStream out;
        private String last = "";

        BarLine(PrintStream out) {
            super(out);
            this.out = out;
        }

        @Override
        public synchronized void accept(String rendered) {
            last = rendered.length() > getMaxRenderedLength() ? rendered.substring(0, getMaxRenderedLength()) : rendered;
            out.print(ERASE_LINE + last);
            out.flush();
        }

        synchronized void printAbove(String text) {
            out.print(ERASE_LINE + text + "\n" + last);
            out.flush();
        }

        @Override
        public synchronized void close() {
            out.print(ERASE_LINE);
            out.flush();
        }
    }
}
