package shootdown.campaign;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import shootdown.engine.CheckResult;
import shootdown.engine.ExplorerEngine;

/**
 * Each built-in row's documented verdict, as its catalogue file states it (the one place it is
 * written), against the explorer: a safe row must pass with its whole space explored, a racy or
 * buggy row must be refuted with one of the hazards the row names, and an open row must be
 * decided, one way or the other. Adding a row to a catalogue file adds its case here.
 */
class CatalogueVerdictTest {
    private static final ExplorerEngine EXPLORER = new ExplorerEngine(2_000_000);

    static Stream<CatalogueRow> rows() {
        return Catalogue.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theExplorerGivesEachRowItsDocumentedVerdict(CatalogueRow row) {
        CheckResult r = EXPLORER.check(row, 120_000);
        String seen = row.id() + ": " + r.verdict() + " (" + r.bound() + ")" + (r.hazard() == null ? "" : ", " + r.hazard())
                + (r.error() == null ? "" : ", " + r.error());
        assertTrue(row.documented().agreesWith(r.verdict()), () -> "documented " + row.documented().label + ", but " + seen);
        if (r.verdict() == Verdict.PASSED) assertTrue(r.exhausted(), seen);
        if (r.verdict() == Verdict.REFUTED && !row.hazards().isEmpty()) {
            assertTrue(row.hazards().contains(r.hazard().kind()), () -> "expected one of " + row.hazards() + ": " + seen);
        }
        assertFalse(r.trace().isEmpty() && r.verdict() == Verdict.REFUTED, "a refutation comes with its trace");
    }
}
