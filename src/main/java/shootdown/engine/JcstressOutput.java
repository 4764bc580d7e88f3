package shootdown.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one test's results from what jcstress 0.16 prints at the end of a run. The end of the
 * output (after {@code RUN RESULTS:}) lists each test as a status line, e.g.
 * {@code ...... [FAILED] shootdown.stress.CpaMainlineStress}, followed by its outcome table
 * summed over every JVM configuration and, for errors, the messages. With {@code -v} every
 * test is listed, including those with only acceptable outcomes. The per-configuration tables
 * printed while the run goes on come earlier and are not read.
 */
final class JcstressOutput {
    private static final String RUN_RESULTS = "RUN RESULTS:";
    private static final Pattern STATUS_LINE = Pattern.compile("^\\.*\\s*\\[([A-Z_ ]+)]\\s+(\\S+)\\s*$");
    /** "  Failed tests: 1 matching test results.", "  All remaining tests: No matches." */
    private static final Pattern SECTION_LINE = Pattern.compile("^ {2}[A-Z][A-Za-z ]* tests: .*$");
    private static final Pattern TABLE_HEADER =
            Pattern.compile("^\\s*RESULT\\s+SAMPLES\\s+FREQ\\s+EXPECT\\s+DESCRIPTION\\s*$");
    /**
     * A table row: the result may hold spaces ("1, 0"), so it is whatever precedes a sample
     * count followed by a percentage. Counts are grouped by the locale (1,426,002 or
     * 1.426.002); a rare outcome's share prints as "<0.01%".
     */
    private static final Pattern TABLE_ROW = Pattern.compile(
            "^\\s*(.+?)\\s+(\\d[\\d,.'\\u00a0\\u202f]*)\\s+([<>]?\\d+(?:[.,]\\d+)?%)\\s+(\\S+)\\s*(.*)$");

    /** One row of a test's outcome table. */
    record Outcome(String result, long samples, String expect, String description) {
    }

    /**
     * One test's summary.
     *
     * @param status   jcstress's word for the test: OK, FAILED (a forbidden outcome), ERROR...
     * @param outcomes the table, summed over every JVM configuration
     * @param text     the summary as printed: status line, table, messages
     */
    record TestResult(String test, String status, List<Outcome> outcomes, String text) {
        long samples() {
            return outcomes.stream().mapToLong(Outcome::samples).sum();
        }

        /** Samples whose result is not {@code result}. */
        long samplesOtherThan(String result) {
            return outcomes.stream().filter(o -> !o.result().equals(result)).mapToLong(Outcome::samples).sum();
        }
    }

    private JcstressOutput() {
    }

    /** Whether the line is a row of an outcome table. */
    static boolean isTableRow(String line) {
        return TABLE_ROW.matcher(line).matches() && !TABLE_HEADER.matcher(line).matches();
    }

    /**
     * The summary of test {@code test} (fully qualified name), or empty if the output has no
     * results section or does not list the test.
     *
     * @throws IllegalArgumentException if the test's table has a row this parser cannot read
     */
    static Optional<TestResult> find(String output, String test) {
        int results = output.lastIndexOf(RUN_RESULTS);
        if (results < 0) return Optional.empty();
        List<String> lines = output.substring(results).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher status = STATUS_LINE.matcher(lines.get(i));
            if (status.matches() && status.group(2).equals(test)) {
                List<String> block = block(lines, i);
                return Optional.of(new TestResult(test, status.group(1).trim(), table(block), text(block)));
            }
        }
        return Optional.empty();
    }

    /** The status line and what follows it, up to the next test, section or the report line. */
    private static List<String> block(List<String> lines, int start) {
        int end = start + 1;
        while (end < lines.size()) {
            String line = lines.get(end);
            if (STATUS_LINE.matcher(line).matches() || SECTION_LINE.matcher(line).matches()
                    || line.strip().startsWith("HTML report generated")) {
                break;
            }
            end++;
        }
        return lines.subList(start, end);
    }

    private static List<Outcome> table(List<String> block) {
        List<Outcome> outcomes = new ArrayList<>();
        int header = 0;
        while (header < block.size() && !TABLE_HEADER.matcher(block.get(header)).matches()) header++;
        for (int i = header + 1; i < block.size() && !block.get(i).isBlank(); i++) {
            Matcher row = TABLE_ROW.matcher(block.get(i));
            if (!row.matches()) {
                throw new IllegalArgumentException("unreadable jcstress outcome row: '" + block.get(i) + "'");
            }
            long samples = Long.parseLong(row.group(2).replaceAll("\\D", ""));
            outcomes.add(new Outcome(row.group(1).trim(), samples, row.group(4), row.group(5).trim()));
        }
        return List.copyOf(outcomes);
    }

    private static String text(List<String> block) {
        return String.join("\n", block).strip();
    }
}
