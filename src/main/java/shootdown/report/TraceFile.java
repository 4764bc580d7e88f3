package shootdown.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.CheckResult;
import shootdown.explore.Choice;
import shootdown.machine.Rcu;

/**
 * The text of {@code traces/<ID>-<engine>.txt}: what was checked, the race drawn by
 * {@link TraceFormatter}, the explorer's schedule in a line that replay can parse, and the
 * engine's own trace as an appendix.
 */
public final class TraceFile {
    public static final String SCHEDULE_PREFIX = "schedule: ";
    private static final int TEXT_WIDTH = 100;

    private TraceFile() {
    }

    /** Whether the result has a counterexample worth a file. */
    public static boolean hasTrace(CheckResult result) {
        return result.hazard() != null || !result.trace().isEmpty()
                || (result.rawTrace() != null && !result.rawTrace().isBlank());
    }

    /** e.g. {@code CPA-3-explorer.txt}; anything unsafe in a file name becomes '_'. */
    public static String fileName(CheckResult result) {
        return baseName(result) + ".txt";
    }

    /** e.g. {@code CPA-3-explorer}: the name the text file and the HTML page share. */
    static String baseName(CheckResult result) {
        return (result.id() + "-" + result.engine()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * @param row        the catalogue row, or null when unknown
     * @param replayPath how a reader names this file in the replay command
     */
    public static String text(CatalogueRow row, CheckResult result, String replayPath) {
        StringBuilder out = new StringBuilder();
        String title = TraceHeader.title(result);
        out.append(title).append('\n').append("=".repeat(title.length())).append("\n\n");
        for (TraceHeader.Field f : TraceHeader.fields(row, result)) field(out, f.name(), f.value());
        out.append('\n');
        out.append(TraceFormatter.format(result.scenarioOf(row), result.trace(), result.hazard()));
        if (!result.schedule().isEmpty()) {
            out.append('\n').append(SCHEDULE_PREFIX).append(joinSchedule(result.schedule())).append('\n');
            out.append("in words: ").append(scheduleInWords(result.schedule())).append('\n');
            if (row != null) out.append(ReplaySpec.of(row.variant(), result.scenarioOf(row), List.of()).text());
            out.append("replay: ./shootdown replay ").append(replayPath).append('\n');
        }
        if (result.rawTrace() != null && !result.rawTrace().isBlank()) {
            String heading = "Appendix: " + result.engine() + "'s own trace";
            out.append('\n').append(heading).append('\n').append("-".repeat(heading.length())).append('\n');
            out.append(result.rawTrace().strip()).append('\n');
        }
        return out.toString();
    }

    /** The schedule written by {@link #text}, if the text has one. */
    public static Optional<List<Integer>> parseSchedule(String text) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(SCHEDULE_PREFIX)) continue;
            List<Integer> schedule = new ArrayList<>();
            for (String choice : line.substring(SCHEDULE_PREFIX.length()).split(",")) {
                if (!choice.isBlank()) schedule.add(Integer.parseInt(choice.trim()));
            }
            return Optional.of(List.copyOf(schedule));
        }
        return Optional.empty();
    }

    static String joinSchedule(List<Integer> schedule) {
        return String.join(",", schedule.stream().map(String::valueOf).toList());
    }

    /** Runs of the same choice folded: "CPU0 x10, CPU1 takes IPI #0, CPU1 x2". */
    static String scheduleInWords(List<Integer> schedule) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < schedule.size()) {
            int j = i;
            while (j < schedule.size() && schedule.get(j).equals(schedule.get(i))) j++;
            parts.add(describe(schedule.get(i)) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(", ", parts);
    }

    /** A choice in words; an RCU callback travels as an interrupt-context move (see {@link Rcu}) but reads as one. */
    private static String describe(int choice) {
        if (Choice.isIpi(choice) && Rcu.isCallback(Choice.batch(choice))) {
            return "CPU" + Choice.cpu(choice) + " runs RCU callback #" + Choice.batch(choice);
        }
        return Choice.describe(choice);
    }

    private static void field(StringBuilder out, String name, String value) {
        String head = String.format("%-12s", name + ":");
        List<String> lines = ColumnLayout.wrap(value, TEXT_WIDTH - head.length());
        out.append(head).append(lines.get(0)).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            out.append(" ".repeat(head.length())).append(lines.get(i).strip()).append('\n');
        }
    }
}
