package shootdown.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.CheckResult;

/**
 * Writes {@code reports/<run>/}: {@code results.json}, {@code campaign.json}, {@code summary.md},
 * {@code index.html} and, per counterexample, {@code traces/<ID>-<engine>.txt} and its swimlane
 * page {@code traces/<ID>-<engine>.html}.
 *
 * <p>The campaign calls {@link #write} again after every finished check, so the directory always
 * holds what has been done so far. Each call rewrites every file from its arguments alone (same
 * input, same files), and each file is replaced atomically, so an interruption at any moment
 * leaves a readable report.
 */
public final class ReportWriter {
    public static final String SUMMARY = "summary.md";
    public static final String INDEX = "index.html";
    public static final String TRACES = "traces";

    private ReportWriter() {
    }

    public static void write(Path dir, CampaignInfo info, List<CatalogueRow> rows, List<CheckResult> results) {
        write(dir, info, rows, results, TraceFormatter.DEFAULT_WIDTH);
    }

    /** @param width the widest line of the text traces */
    public static void write(Path dir, CampaignInfo info, List<CatalogueRow> rows, List<CheckResult> results,
                             int width) {
        write(dir, info, rows, results, width, r -> true);
    }

    /**
     * As {@link #write(Path, CampaignInfo, List, List, int)}, drawing the trace files only of the
     * results {@code draw} accepts: while a campaign runs, the one that just finished (the others
     * are on disk already, and drawing them all again after every check costs more than the
     * checks of a short campaign). The summary, index and results files are always written whole.
     */
    public static void write(Path dir, CampaignInfo info, List<CatalogueRow> rows, List<CheckResult> results,
                             int width, java.util.function.Predicate<CheckResult> draw) {
        write(dir, info, rows, results, width, draw, true);
    }

    /**
     * As above; the pages a reader opens (summary.md, index.html) only if {@code pages}: a
     * running campaign writes its results after every check (a resume reads them) and its pages
     * every few seconds, since rendering them all again after each check of a long selection
     * costs a good part of a short campaign.
     */
    public static void write(Path dir, CampaignInfo info, List<CatalogueRow> rows, List<CheckResult> results,
                             int width, java.util.function.Predicate<CheckResult> draw, boolean pages) {
        Map<String, CatalogueRow> byId = new LinkedHashMap<>();
        for (CatalogueRow row : rows) byId.put(row.id(), row);
        List<ResultEntry> entries = new ArrayList<>();
        for (CheckResult result : inReportOrder(info, rows, results)) {
            CatalogueRow row = byId.get(result.id());
            String traceFile = null;
            if (TraceFile.hasTrace(result)) {
                traceFile = TRACES + "/" + TraceFile.fileName(result);
            }
            if (traceFile != null && draw.test(result)) {
                Path path = dir.resolve(traceFile);
                AtomicFiles.write(path, TraceFile.text(row, result, path, width, explorerCheck(results, result)));
                if (TraceFile.hasAppendix(result)) {
                    AtomicFiles.write(dir.resolve(TRACES).resolve(TraceFile.appendixName(result)),
                            TraceFile.appendix(result));
                }
                AtomicFiles.write(dir.resolve(TRACES).resolve(TracePage.fileName(result)),
                        TracePage.html(row, result, ReplayPaths.inReport(path)));
            }
            entries.add(ResultEntry.of(row, result, traceFile));
        }
        // results.json first: it is what a resumed campaign reads back.
        ResultsJson.write(dir.resolve(ResultsJson.FILE_NAME), entries);
        CampaignJson.write(dir.resolve(CampaignJson.FILE_NAME), info);
        if (!pages) return;
        ReportView view = ReportView.of(info, rows, entries);
        AtomicFiles.write(dir.resolve(SUMMARY), Templates.markdown("summary.md.mustache", view));
        AtomicFiles.write(dir.resolve(INDEX), Templates.html("index.html.mustache", view));
    }

    /** The explorer's check of the same row, which may explain another engine's counterexample. */
    private static CheckResult explorerCheck(List<CheckResult> results, CheckResult of) {
        if (of.engine().equals("explorer")) return null;
        CheckResult found = null;
        for (CheckResult r : results) if (r.id().equals(of.id()) && r.engine().equals("explorer")) found = r;
        return found;
    }

    /**
     * Catalogue order, then the campaign's engine order; one result per (id, engine), the latest
     * given winning, so a re-run check replaces its earlier result.
     */
    static List<CheckResult> inReportOrder(CampaignInfo info, List<CatalogueRow> rows, List<CheckResult> results) {
        Map<String, CheckResult> latest = new LinkedHashMap<>();
        for (CheckResult r : results) {
            latest.remove(r.id() + "\n" + r.engine());
            latest.put(r.id() + "\n" + r.engine(), r);
        }
        List<String> ids = new ArrayList<>(rows.stream().map(CatalogueRow::id).toList());
        for (CheckResult r : latest.values()) if (!ids.contains(r.id())) ids.add(r.id());
        Comparator<CheckResult> byRow = Comparator.comparingInt(r -> rank(ids, r.id()));
        Comparator<CheckResult> byEngine = Comparator.comparingInt(r -> rank(info.engines(), r.engine()));
        // A stable sort keeps results of unknown engines in the order they arrived.
        return latest.values().stream().sorted(byRow.thenComparing(byEngine)).toList();
    }

    private static int rank(List<String> order, String value) {
        int i = order.indexOf(value);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
