package shootdown.cli;

import shootdown.report.TraceFormatter;

/** Option values out of range: one line naming the option, the limit and the value given. */
final class Limits {
    /** Narrower than this, a two-CPU drawing has no room for a function name. */
    static final int NARROWEST_TRACE = 60;

    private Limits() {
    }

    static void atLeast(String option, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(option + " must be at least " + least + " (got " + value + ")");
        }
    }

    static void between(String option, long value, long least, long most) {
        if (value < least || value > most) {
            throw new IllegalArgumentException(option + " must be between " + least + " and " + most + " (got " + value
                    + ")");
        }
    }

    static void width(int width) {
        if (width < NARROWEST_TRACE) {
            throw new IllegalArgumentException("--width must be at least " + NARROWEST_TRACE + " (got " + width
                    + "; the default is " + TraceFormatter.DEFAULT_WIDTH + ")");
        }
    }
}
