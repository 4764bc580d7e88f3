package shootdown.machine;

import java.util.function.BooleanSupplier;

/**
 * What a CPU waits for before its next step can happen, and who can end the wait: a held lock
 * is released only by its holder, an IPI batch completes only when its targets take it. An
 * exploring engine needs the second half to know which other moves cannot matter meanwhile.
 */
public interface Guard extends BooleanSupplier {
    /**
     * False if no move of CPU {@code cpu} can be what makes the guard hold: neither its own next
     * step nor, with {@code ipiSender >= 0}, its taking CPU {@code ipiSender}'s IPI. Evaluated
     * in the current state. When in doubt: true.
     */
    boolean mayBeEnabledBy(int cpu, int ipiSender);

    /** A guard about which nothing more is known: any move may enable it. */
    static Guard of(BooleanSupplier test) {
        return new Guard() {
            @Override
            public boolean getAsBoolean() {
                return test.getAsBoolean();
            }

            @Override
            public boolean mayBeEnabledBy(int cpu, int ipiSender) {
                return true;
            }
        };
    }

    /** Holds when {@code test} does; only the moves {@code enabler} accepts can make it hold. */
    static Guard enabledOnlyBy(BooleanSupplier test, Enabler enabler) {
        return new Guard() {
            @Override
            public boolean getAsBoolean() {
                return test.getAsBoolean();
            }

            @Override
            public boolean mayBeEnabledBy(int cpu, int ipiSender) {
                return enabler.test(cpu, ipiSender);
            }
        };
    }

    @FunctionalInterface
    interface Enabler {
        boolean test(int cpu, int ipiSender);
    }
}
