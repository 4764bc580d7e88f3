package shootdown.stress;

import java.util.Optional;
import shootdown.machine.Hazard;

/**
 * A sample's result as jcstress counts it: {@code "<row id> OK"}, {@code "<row id> RULE_BROKEN"}
 * or {@code "<row id> <hazard kind> <grade>"} (e.g. {@code "CPA-3 H1_MIXED_SIZE_CONFLICT
 * expected"}). The row id leads, because one jcstress test runs many rows; the grade ends it,
 * because the tests' outcomes match it to decide what jcstress accepts.
 */
public record SampleResult(String row, String outcome, StressGrade grade) {
    public static final String OK = "OK";
    /** A CPU's code, run again alone with its steps' values, asked for other steps (see CodeRules). */
    public static final String RULE_BROKEN = "RULE_BROKEN";

    public static SampleResult ok(String row) {
        return new SampleResult(row, OK, null);
    }

    public static SampleResult ruleBroken(String row) {
        return new SampleResult(row, RULE_BROKEN, null);
    }

    public static SampleResult hazard(String row, Hazard.Kind kind, StressGrade grade) {
        return new SampleResult(row, kind.name(), grade);
    }

    public boolean isHazard() {
        return grade != null;
    }

    @Override
    public String toString() {
        return row + " " + outcome + (grade == null ? "" : " " + grade.word());
    }

    /** The result of a sample of row {@code row}, or empty if {@code text} is another row's. */
    public static Optional<SampleResult> parse(String text, String row) {
        if (!text.startsWith(row + " ")) return Optional.empty();
        String[] rest = text.substring(row.length() + 1).trim().split("\\s+");
        if (rest.length == 1 && (rest[0].equals(OK) || rest[0].equals(RULE_BROKEN))) {
            return Optional.of(new SampleResult(row, rest[0], null));
        }
        if (rest.length != 2) return Optional.empty();
        for (StressGrade grade : StressGrade.values()) {
            if (grade.word().equals(rest[1])) return Optional.of(new SampleResult(row, rest[0], grade));
        }
        return Optional.empty();
    }
}
