package shootdown.campaign;

/** The verdict kernel history documents for a catalogue row (DOMAIN.md section 6). */
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
}
