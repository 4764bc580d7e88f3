package shootdown.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.CheckResult;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

/**
 * What {@code traces/<ID>-<engine>.html} shows: the check's head, the swimlane diagram (one lane
 * per CPU, one row per step), the hazard, the replay command and the engine's own trace.
 */
record SwimlaneView(String id, String title, String verdictCss, String indexLink, String textFile,
                    List<TraceHeader.Field> fields, List<Lane> lanes, List<SwimlaneRows.Row> rows, HazardView hazard,
                    String schedule, String replay, String rawTraceHeading, String rawTrace) {

    private static final int LANE_COLOURS = 6;

    record Lane(String name, String css) {
    }

    /**
     * @param textFile   the plain-text trace, relative to the page
     * @param replayPath how the replay command names the text file
     */
    static SwimlaneView of(CatalogueRow row, CheckResult result, String textFile, String replayPath) {
        int cpus = cpuCount(row, result);
        List<Lane> lanes = new ArrayList<>();
        for (int c = 0; c < cpus; c++) lanes.add(new Lane("CPU" + c, laneCss(c)));
        List<SwimlaneRows.Row> rows = result.trace().isEmpty() ? List.of()
                : SwimlaneRows.of(result.trace(), result.hazard(), cpus);
        HazardView hazard = rows.stream().map(SwimlaneRows.Row::hazardBanner).filter(h -> h != null).findFirst()
                .orElse(result.hazard() == null ? null : HazardView.of(result.hazard(), List.of()));
        boolean replayable = !result.schedule().isEmpty();
        String raw = result.rawTrace() == null || result.rawTrace().isBlank() ? null : result.rawTrace().strip();
        return new SwimlaneView(result.id(), TraceHeader.title(result),
                result.verdict().name().toLowerCase(Locale.ROOT), "../" + ReportWriter.INDEX + "#" + result.id(),
                textFile, TraceHeader.fields(row, result), lanes, rows, hazard,
                replayable ? TraceFile.scheduleInWords(result.schedule()) : null,
                replayable ? "./shootdown replay " + replayPath : null,
                raw == null ? null : "Appendix: " + result.engine() + "'s own trace", raw);
    }

    /** Each lane has its colour, and every other lane a darker ground, so lanes stay apart by eye. */
    static String laneCss(int lane) {
        return "lane cpu" + lane % LANE_COLOURS + (lane % 2 == 1 ? " odd" : "");
    }

    boolean anySteps() {
        return !rows.isEmpty();
    }

    /** The hazard banner spans the lanes and the state column. */
    int bannerSpan() {
        return lanes.size() + 1;
    }

    int laneCount() {
        return lanes.size();
    }

    private static int cpuCount(CatalogueRow row, CheckResult result) {
        int cpus = row == null ? 1 : Math.max(1, row.cpus());
        for (TraceEvent e : result.trace()) cpus = Math.max(cpus, e.cpu() + 1);
        Hazard h = result.hazard();
        if (h != null) cpus = Math.max(cpus, Math.max(h.cpu(), h.actorCpu()) + 1);
        return cpus;
    }
}
