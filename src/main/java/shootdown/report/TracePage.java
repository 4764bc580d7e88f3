package shootdown.report;

import shootdown.campaign.CatalogueRow;
import shootdown.engine.CheckResult;

/**
 * {@code traces/<ID>-<engine>.html}: the counterexample as a swimlane diagram, beside the text
 * trace. One self-contained file (inline CSS and SVG), so it opens from disk with no network.
 */
final class TracePage {
    private static final String TEMPLATE = "swimlane.html.mustache";

    private TracePage() {
    }

    /** e.g. {@code CPA-3-explorer.html}. */
    static String fileName(CheckResult result) {
        return TraceFile.baseName(result) + ".html";
    }

    /**
     * @param row        the catalogue row, or null when unknown
     * @param replayPath how the replay command names the text trace
     */
    static String html(CatalogueRow row, CheckResult result, String replayPath) {
        return Templates.html(TEMPLATE, SwimlaneView.of(row, result, TraceFile.fileName(result), replayPath));
    }
}
