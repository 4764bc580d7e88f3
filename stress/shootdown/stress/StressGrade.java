package shootdown.stress;

import java.util.Locale;
import shootdown.campaign.CatalogueRow;
import shootdown.machine.Hazard;

/**
 * What a hazard seen under stress means for its row, as the row's documented verdict says:
 * the documented race (expected), another hazard on a racy row (other: worth a look with the
 * explorer), any hazard on a row kernel history leaves open (open), and any hazard at all on a
 * row documented safe (forbidden: jcstress fails the test).
 */
public enum StressGrade {
    EXPECTED, OTHER, OPEN, FORBIDDEN;

    public static StressGrade of(CatalogueRow row, Hazard.Kind kind) {
        return switch (row.documented()) {
            case SAFE -> FORBIDDEN;
            case OPEN -> OPEN;
            case RACY, BUGGY -> row.hazards().isEmpty() || row.hazards().contains(kind) ? EXPECTED : OTHER;
        };
    }

    /** As the result string writes it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
