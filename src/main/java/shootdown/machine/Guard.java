package shootdown.machine;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What a CPU waits for before its next step can happen, and who can end the wait: a held lock
 * is released only by its holder, an IPI batch completes only when its targets take it. An
 * exploring engine needs the second half to know which other moves cannot matter meanwhile.
 * Both halves read the machine they are asked about, so a guard serves every snapshot of it.
 */
public interface Guard {
    /** True if the step can happen now on {@code core}. */
    boolean holds(MachineCore core);

    /**
     * False if no move of CPU {@code cpu} can be what makes the guard hold on {@code core}:
     * neither its own next step nor, with {@code ipiSender >= 0}, its taking CPU
     * {@code ipiSender}'s IPI. When in doubt: true.
     */
    boolean mayBeEnabledBy(MachineCore core, int cpu, int ipiSender);

    /** The guard on one machine, as a native engine waits on it. */
    default Bound on(MachineCore core) {
        return new Bound(this, core);
    }

    /** A guard about which nothing more is known: any move may enable it. */
    static Guard of(Predicate<MachineCore> test) {
        return enabledOnlyBy(test, (core, cpu, ipiSender) -> true);
    }

    /** Holds when {@code test} does; only the moves {@code enabler} accepts can make it hold. */
    static Guard enabledOnlyBy(Predicate<MachineCore> test, Enabler enabler) {
        return new Guard() {
            @Override
            public boolean holds(MachineCore core) {
                return core.inspect().test(test);
            }

            @Override
            public boolean mayBeEnabledBy(MachineCore core, int cpu, int ipiSender) {
                return enabler.test(core, cpu, ipiSender);
            }
        };
    }

    @FunctionalInterface
    interface Enabler {
        boolean test(MachineCore core, int cpu, int ipiSender);
    }

    /** A guard bound to one machine. */
    record Bound(Guard guard, MachineCore core) implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return guard.holds(core);
        }

        public boolean mayBeEnabledBy(int cpu, int ipiSender) {
            return guard.mayBeEnabledBy(core, cpu, ipiSender);
        }
    }
}
