package shootdown.campaign;

import java.util.Arrays;
import java.util.Locale;

/** The verdict kernel history documents for a catalogue row. */
public enum Documented {
    SAFE("safe"),
    RACY("racy"),
    BUGGY("buggy"),
    OPEN("to be decided by the tool");

    public final String label;

    Documented(String label) {
        this.label = label;
    }

    /** Whether a tool verdict agrees: a refutation for racy or buggy rows, a pass for safe ones. */
    public boolean agreesWith(Verdict verdict) {
        return switch (this) {
            case SAFE -> verdict == Verdict.PASSED;
            case RACY, BUGGY -> verdict == Verdict.REFUTED;
            case OPEN -> verdict == Verdict.PASSED || verdict == Verdict.REFUTED;
        };
    }

    /** As a catalogue file writes it: safe, racy, buggy or open. */
    public static Documented parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown documented verdict '" + text + "'; known: "
                    + Arrays.stream(values()).map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
