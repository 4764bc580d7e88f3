package shootdown.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;
import shootdown.campaign.Verdict;

/**
 * What {@code summary.md} and {@code index.html} show, computed once so both say the same:
 * one line per check, the verdict matrix (catalogue ids by engines), the hazards, the
 * disagreements with kernel history, the open questions answered and the errors. The
 * templates only lay it out.
 */
record ReportView(String runName, String started, String elapsed, String status, String engines,
                  String commandLine, String counts, List<Line> lines, List<String> engineColumns,
                  List<MatrixRow> matrix, List<Note> hazards, List<Note> disagreements, List<Note> answers,
                  List<Note> errors) {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    // Section guards for the templates: mustache iterates a list but cannot test it for emptiness.
    boolean anyHazards() {
        return !hazards.isEmpty();
    }

    boolean anyDisagreements() {
        return !disagreements.isEmpty();
    }

    boolean anyAnswers() {
        return !answers.isEmpty();
    }

    boolean anyErrors() {
        return !errors.isEmpty();
    }

    String howToReadIntro() {
        return HowToRead.INTRO;
    }

    List<HowToRead.Term> howToRead() {
        return HowToRead.TERMS;
    }

    String howToReadOutro() {
        return HowToRead.OUTRO;
    }

    /** One check: a row of the summary table and the content of a matrix cell. */
    record Line(String id, String variant, String documented, String engine, String verdict, String css,
                String agreement, boolean disagrees, String evidence, boolean refuted, String firstCounterexample,
                String traceFile, String tracePage, String bound) {
    }

    /** A catalogue id with one cell per engine column; a cell without a line was not run. */
    record MatrixRow(String id, String variant, String documented, List<Cell> cells) {
    }

    record Cell(Line line, String empty) {
    }

    /** A sentence about one check, under the table; {@code tracePage} links its swimlane page, if any. */
    record Note(String id, String engine, String text, String tracePage) {
        Note(String id, String engine, String text) {
            this(id, engine, text, null);
        }
    }

    static ReportView of(CampaignInfo info, List<CatalogueRow> rows, List<ResultEntry> entries) {
        List<String> engines = engineColumns(info, entries);
        List<Line> lines = entries.stream().map(ReportView::line).toList();
        List<Note> hazards = new ArrayList<>();
        List<Note> disagreements = new ArrayList<>();
        List<Note> answers = new ArrayList<>();
        List<Note> errors = new ArrayList<>();
        for (ResultEntry e : entries) {
            if (isOpen(e) && answered(e)) {
                answers.add(new Note(e.id(), e.engine(), e.verdict() + " (" + Evidence.describe(e) + ")."));
            }
            if (e.verdict() == Verdict.REFUTED) {
                hazards.add(new Note(e.id(), e.engine(), Evidence.hazardSentence(e), tracePage(e)));
            }
            if (e.verdict() == Verdict.ERROR) errors.add(new Note(e.id(), e.engine(), e.error()));
            if (contradicts(e)) {
                disagreements.add(new Note(e.id(), e.engine(), disagreement(rows, e)));
            }
        }
        String started = WHEN.format(info.started().truncatedTo(ChronoUnit.SECONDS));
        return new ReportView(info.runName(), started, Evidence.duration(info.elapsed()),
                info.finished() ? "finished" : "in progress (or interrupted): the report holds the checks done so far",
                String.join(", ", engines), info.commandLine(), counts(entries), lines, engines,
                matrix(info, rows, entries, engines), hazards, disagreements, answers, errors);
    }

    private static Line line(ResultEntry e) {
        String agreement = !answered(e) || e.agrees() == null ? "—"
                : isOpen(e) ? "open" : e.agrees() ? "yes" : "NO";
        // The tooltip says what was explored, or for an error what went wrong.
        String detail = e.verdict() == Verdict.ERROR ? e.error() : e.bound();
        return new Line(e.id(), orDash(e.variant()), orDash(e.documented()), e.engine(), e.verdict().name(),
                e.verdict().name().toLowerCase(Locale.ROOT), agreement, contradicts(e), Evidence.describe(e),
                e.verdict() == Verdict.REFUTED, Evidence.firstCounterexample(e), e.traceFile(), tracePage(e),
                detail == null ? "" : detail);
    }

    /** The swimlane page is written beside every text trace, under the same name. */
    private static String tracePage(ResultEntry e) {
        String text = e.traceFile();
        return text == null || !text.endsWith(".txt") ? null : text.substring(0, text.length() - 4) + ".html";
    }

    private static String disagreement(List<CatalogueRow> rows, ResultEntry e) {
        String why = rows.stream().filter(r -> r.id().equals(e.id())).map(CatalogueRow::why)
                .filter(w -> w != null && !w.isBlank()).findFirst().map(w -> " Kernel history says: " + w + ".")
                .orElse("");
        String stress = Evidence.isStress(e) && e.verdict() == Verdict.PASSED
                ? " A stress test that sees no hit is no evidence of safety; only the model checkers can pass a row."
                : "";
        return "documented " + e.documented() + ", tool says " + e.verdict() + "." + why + stress;
    }

    private static String counts(List<ResultEntry> entries) {
        Map<Verdict, Integer> byVerdict = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) byVerdict.put(v, 0);
        int agree = 0;
        int contradict = 0;
        for (ResultEntry e : entries) {
            byVerdict.merge(e.verdict(), 1, Integer::sum);
            if (answered(e) && !isOpen(e) && Boolean.TRUE.equals(e.agrees())) agree++;
            if (contradicts(e)) contradict++;
        }
        List<String> parts = new ArrayList<>();
        byVerdict.forEach((v, n) -> parts.add(n + " " + v.name().toLowerCase(Locale.ROOT)));
        return Evidence.count(entries.size(), "check") + ": " + String.join(", ", parts)
                + ". Against the documented verdicts: " + agree + " agree, " + contradict + " contradict.";
    }

    /** The engines asked for, then any other engine that produced a result. */
    private static List<String> engineColumns(CampaignInfo info, List<ResultEntry> entries) {
        Set<String> engines = new LinkedHashSet<>(info.engines());
        for (ResultEntry e : entries) engines.add(e.engine());
        return List.copyOf(engines);
    }

    private static List<MatrixRow> matrix(CampaignInfo info, List<CatalogueRow> rows, List<ResultEntry> entries,
                                          List<String> engines) {
        Map<String, MatrixRow> byId = new LinkedHashMap<>();
        Map<String, ResultEntry> byCell = new LinkedHashMap<>();
        for (ResultEntry e : entries) byCell.put(e.id() + "\n" + e.engine(), e);
        String empty = info.finished() ? "not run" : "pending";
        for (CatalogueRow row : rows) {
            byId.put(row.id(), matrixRow(row.id(), row.variant().name(), row.documented().label, engines, byCell, empty));
        }
        for (ResultEntry e : entries) {
            byId.computeIfAbsent(e.id(), id -> matrixRow(id, orDash(e.variant()), orDash(e.documented()), engines,
                    byCell, empty));
        }
        return List.copyOf(byId.values());
    }

    private static MatrixRow matrixRow(String id, String variant, String documented, List<String> engines,
                                       Map<String, ResultEntry> byCell, String empty) {
        List<Cell> cells = new ArrayList<>();
        for (String engine : engines) {
            ResultEntry e = byCell.get(id + "\n" + engine);
            cells.add(new Cell(e == null ? null : line(e), empty));
        }
        return new MatrixRow(id, variant, documented, cells);
    }

    /** Only REFUTED and PASSED answer the question; INCONCLUSIVE and ERROR neither agree nor contradict. */
    private static boolean answered(ResultEntry e) {
        return e.verdict() == Verdict.REFUTED || e.verdict() == Verdict.PASSED;
    }

    /** A row kernel history leaves open: any answer is news, not agreement. */
    private static boolean isOpen(ResultEntry e) {
        return Documented.OPEN.label.equals(e.documented());
    }

    private static boolean contradicts(ResultEntry e) {
        return answered(e) && Boolean.FALSE.equals(e.agrees());
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }
}
