package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.Verdict;
import shootdown.machine.Hazard;

/** Lincheck, the second engine, on the same model code. */
class LincheckEngineTest {

    @Test
    void refutesCpa3WithItsOwnInterleavingTrace() {
        CheckResult r = new LincheckEngine(2_000).check(Catalogue.find("CPA-3").orElseThrow(), 120_000);
        assertEquals(Verdict.REFUTED, r.verdict(), () -> String.valueOf(r.error()));
        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, r.hazard().kind());
        assertNotNull(r.rawTrace());
        assertTrue(r.rawTrace().contains("interleaving"), "Lincheck's trace is kept verbatim");
        assertFalse(r.trace().isEmpty(), "the replayed interleaving was recorded step by step");
    }

    @Test
    void aSafeRowWhoseTreeOutgrowsTheBudgetIsInconclusiveNeverPassed() {
        CheckResult r = new LincheckEngine(50).check(Catalogue.find("CPA-4").orElseThrow(), 120_000);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertFalse(r.exhausted());
        assertEquals(50, r.interleavings());
    }
}
