package shootdown.campaign;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import shootdown.engine.CheckResult;
import shootdown.engine.ExplorerEngine;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;

/**
 * Each built-in row's documented verdict, as its catalogue file states it (the one place it is
 * written), against the explorer: a safe row must pass with its whole space explored, a racy or
 * buggy row must be refuted with one of the hazards the row names, and an open row must be
 * decided, one way or the other. Adding a row to a catalogue file adds its case here.
 *
 * <p>{@code mvn verify} takes each row's first counterexample; the deep run ({@code mvn -Pdeep
 * test}) checks the rows as a campaign does, through the engine that also searches for the
 * shortest counterexample (most of the time a refuted row takes).
 */
class CatalogueVerdictTest {
    private static final long MAX_STATES = 2_000_000;

    static Stream<CatalogueRow> rows() {
        return Catalogue.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theExplorerGivesEachRowItsDocumentedVerdict(CatalogueRow row) {
        if (row.isProof()) {
            assertDocumentedVerdict(row, new ExplorerEngine(MAX_STATES).check(row, 120_000));
            return;
        }
        Exploration e = new Explorer(row.variant(), row.scenario()).explore(new Budget(MAX_STATES, 120_000));
        Verdict verdict = e.refuted() ? Verdict.REFUTED : e.exhausted() ? Verdict.PASSED : Verdict.INCONCLUSIVE;
        Hazard hazard = e.refuted() ? e.counterexample().hazard() : null;
        assertAgreesWithTheRow(row, verdict, hazard, row.id() + ": " + verdict + ", " + e.states() + " states"
                + (hazard == null ? "" : ", " + hazard));
    }

    @Tag("deep") // every row with its shortest counterexample: about 45 s
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theEngineGivesEachRowItsDocumentedVerdictAndShortestTrace(CatalogueRow row) {
        assertDocumentedVerdict(row, new ExplorerEngine(MAX_STATES).check(row, 120_000));
    }

    private static void assertDocumentedVerdict(CatalogueRow row, CheckResult r) {
        String seen = row.id() + ": " + r.verdict() + " (" + r.bound() + ")" + (r.hazard() == null ? "" : ", " + r.hazard())
                + (r.error() == null ? "" : ", " + r.error());
        assertAgreesWithTheRow(row, r.verdict(), r.hazard(), seen);
        if (r.verdict() == Verdict.PASSED) assertTrue(r.exhausted(), seen);
        assertFalse(r.trace().isEmpty() && r.verdict() == Verdict.REFUTED, "a refutation comes with its trace");
    }

    private static void assertAgreesWithTheRow(CatalogueRow row, Verdict verdict, Hazard hazard, String seen) {
        assertTrue(row.documented().agreesWith(verdict), () -> "documented " + row.documented().label + ", but " + seen);
        if (verdict == Verdict.REFUTED && !row.hazards().isEmpty()) {
            assertTrue(row.hazards().contains(hazard.kind()), () -> "expected one of " + row.hazards() + ": " + seen);
        }
    }
}
