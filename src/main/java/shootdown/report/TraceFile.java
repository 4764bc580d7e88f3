package shootdown.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;

/**
 * The text of {@code traces/<ID>-<engine>.txt}: what was checked, the race drawn by
 * {@link TraceFormatter}, and the schedule in lines that replay can parse, every line within the
 * trace's width (75 columns unless asked otherwise), so that it pastes into a commit message or
 * a reply on the list. The engine's own trace (Lincheck's interleaving table, jcstress's outcome
 * table) goes to an appendix file beside it.
 */
public final class TraceFile {
    private TraceFile() {
    }

    /** Whether the result has a counterexample (or, for an error, the engine's own words) worth a file. */
    public static boolean hasTrace(CheckResult result) {
        return result.hazard() != null || !result.trace().isEmpty() || result.hits() > 0
                || (hasAppendix(result) && result.verdict() != Verdict.PASSED && result.verdict() != Verdict.INCONCLUSIVE);
    }

    /** Whether the engine left a trace of its own (written to {@link #appendixName}). */
    public static boolean hasAppendix(CheckResult result) {
        return result.rawTrace() != null && !result.rawTrace().isBlank();
    }

    /** e.g. {@code CPA-3-explorer.txt}; anything unsafe in a file name becomes '_'. */
    public static String fileName(CheckResult result) {
        return baseName(result) + ".txt";
    }

    /** e.g. {@code CPA-3-lincheck-appendix.log}: the engine's own trace, as it printed it. */
    public static String appendixName(CheckResult result) {
        return baseName(result) + "-appendix.log";
    }

    /** e.g. {@code CPA-3-explorer}: the name the text file and the HTML page share. */
    static String baseName(CheckResult result) {
        return (result.id() + "-" + result.engine()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static String text(CatalogueRow row, CheckResult result, Path file) {
        return text(row, result, file, TraceFormatter.DEFAULT_WIDTH, null);
    }

    /**
     * @param row      the catalogue row, or null when unknown
     * @param file     where the file goes: its replay command names it
     * @param width    the widest line
     * @param explorer the explorer's check of the same row, which explains a stress hit of its hazard (or null)
     */
    public static String text(CatalogueRow row, CheckResult result, Path file, int width, CheckResult explorer) {
        StringBuilder out = new StringBuilder();
        String title = TraceHeader.title(result);
        for (String line : ColumnLayout.wrap(title, width)) out.append(line).append('\n');
        out.append("=".repeat(Math.min(width, title.length()))).append("\n\n");
        for (TraceHeader.Field f : TraceHeader.fields(row, result)) field(out, f.name(), f.value(), width);
        out.append('\n');
        String stress = StressSection.text(result, explorer, result.scenarioOf(row), width);
        if (!stress.isEmpty()) {
            out.append(stress).append('\n');
            if (result.hazard() != null) {
                String hit = "A recorded hit of " + result.hazard().kind().title + " (" + result.schedule().size()
                        + " steps), replayed on the explorer:";
                for (String line : ColumnLayout.wrap(hit, width)) out.append(line).append('\n');
                out.append('\n');
            }
        }
        if (stress.isEmpty() || result.hazard() != null) {
            boolean legendAbove = stress.contains("\nThe explorer's shortest trace of ");
            out.append(TraceFormatter.format(result.scenarioOf(row), result.trace(), result.hazard(), width,
                    !legendAbove));
        }
        if (!result.schedule().isEmpty()) {
            out.append('\n').append(ReplaySpec.scheduleLines(result.schedule(), width));
            for (String line : ColumnLayout.wrap("in words: " + scheduleInWords(result.schedule()), width)) {
                out.append(line).append('\n');
            }
            if (row != null) out.append(ReplaySpec.of(row.variant(), result.scenarioOf(row), List.of()).text(width));
            out.append(replayCommand(ReplayPaths.inReport(file), width));
        }
        if (hasAppendix(result)) {
            long lines = result.rawTrace().strip().lines().count();
            String what = "Appendix: " + result.engine() + "'s own report (" + lines + " line" + (lines == 1 ? "" : "s")
                    + "): " + appendixName(result);
            out.append('\n');
            for (String line : ColumnLayout.wrap(what, width)) out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The appendix file: the engine's own trace, as it printed it (its lines may be wide). */
    public static String appendix(CheckResult result) {
        return "Appendix to " + fileName(result) + ": " + result.engine() + "'s own report\n\n"
                + result.rawTrace().strip() + "\n";
    }

    /**
     * {@code replay: ./shootdown replay FILE}, with the file on a line of its own (a shell
     * continuation) when it does not fit; a path has no place to break, so that line is the path.
     */
    static String replayCommand(String path, int width) {
        String command = "replay: ./shootdown replay " + path;
        if (command.length() <= width) return command + "\n";
        return "replay: ./shootdown replay \\\n" + path + "\n";
    }

    /** The schedule written by {@link #text}, if the text has one. */
    public static Optional<List<Integer>> parseSchedule(String text) {
        return Optional.ofNullable(ReplaySpec.schedule(text));
    }

    /** Runs of the same choice folded: "CPU0 x10, CPU1 takes IPI #0, CPU1 x2". */
    static String scheduleInWords(List<Integer> schedule) {
        return ScheduleWords.of(schedule);
    }

    private static void field(StringBuilder out, String name, String value, int width) {
        String head = String.format("%-12s", name + ":");
        List<String> lines = ColumnLayout.wrap(value, width - head.length());
        out.append(head).append(lines.get(0)).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            out.append(" ".repeat(head.length())).append(lines.get(i).strip()).append('\n');
        }
    }
}
