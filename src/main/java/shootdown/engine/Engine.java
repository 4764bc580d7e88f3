package shootdown.engine;

import java.util.List;
import java.util.function.Consumer;
import shootdown.campaign.CatalogueRow;

/** A way to check a catalogue row: exhaustive exploration, Lincheck, or stress on real threads. */
public interface Engine {
    String name();

    /** Whether this engine has something to run for the row (e.g. one scenario, not a proof's bound). */
    default boolean applies(CatalogueRow row) {
        return true;
    }

    CheckResult check(CatalogueRow row, long budgetMillis);

    /**
     * Whether the engine checks its rows together, in one run ({@link #checkAll}): what it costs
     * to start is then paid once (jcstress).
     */
    default boolean checksTogether() {
        return false;
    }

    /**
     * Whether its checks run in JVMs of their own on cores of their own (Lincheck's workers), so
     * that the campaign runs them beside the checks in its JVM rather than after them. An engine
     * that needs the machine to itself (jcstress's stress threads) says no.
     */
    default boolean runsBeside() {
        return false;
    }

    /** A row checked alone by an engine that checks its rows together. */
    static CheckResult alone(Engine engine, CatalogueRow row, long budgetMillis) {
        java.util.ArrayList<CheckResult> out = new java.util.ArrayList<>();
        engine.checkAll(List.of(row), budgetMillis, out::add);
        return out.get(0);
    }

    /** Checks every row within {@code budgetMillis} in all, handing each result to {@code each} as it is known. */
    default void checkAll(List<CatalogueRow> rows, long budgetMillis, Consumer<CheckResult> each) {
        for (CatalogueRow row : rows) each.accept(check(row, budgetMillis));
    }
}
