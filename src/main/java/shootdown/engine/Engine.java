package shootdown.engine;

import shootdown.campaign.CatalogueRow;

/** A way to check a catalogue row: exhaustive exploration, Lincheck, or stress on real threads. */
public interface Engine {
    String name();

    /** Whether this engine has something to run for the row (e.g. a jcstress test exists). */
    default boolean applies(CatalogueRow row) {
        return true;
    }

    CheckResult check(CatalogueRow row, long budgetMillis);
}
