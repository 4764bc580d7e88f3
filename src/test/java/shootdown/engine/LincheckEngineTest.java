package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.Verdict;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;

/** Lincheck, the second engine, on the same model code. */
class LincheckEngineTest {

    @Tag("deep") // Lincheck: about 10 s, more for the first run in a JVM
    @Test
    void refutesCpa3WithItsOwnInterleavingTrace() {
        CheckResult r = new LincheckEngine(2_000).check(Catalogue.find("CPA-3").orElseThrow(), 120_000);
        assertEquals(Verdict.REFUTED, r.verdict(), () -> String.valueOf(r.error()));
        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, r.hazard().kind());
        assertNotNull(r.rawTrace());
        assertTrue(r.rawTrace().contains("interleaving"), "Lincheck's trace is kept verbatim");
        assertFalse(r.trace().isEmpty(), "the replayed interleaving was recorded step by step");
        assertEquals(r.hazard(), new Explorer(Catalogue.find("CPA-3").orElseThrow().variant(),
                Catalogue.find("CPA-3").orElseThrow().scenario()).replay(r.schedule()).hazard(),
                "Lincheck's interleaving, as machine steps, is a schedule the explorer follows to the same hazard");
    }

    /**
     * SNP-3: CPU0's write_if_present() faults (H3). Lincheck runs a thread's actors one after
     * another whatever they throw; the CPU's later operations must not run, or re-running its
     * code (which stops at the hazard, as every engine does) finds other steps than Lincheck ran.
     */
    @Tag("deep") // Lincheck: about 5 s
    @Test
    void aHazardEndsTheCpusWorkAsOnEveryEngine() {
        CheckResult r = new LincheckEngine(1_000).check(Catalogue.find("SNP-3").orElseThrow(), 120_000);
        assertEquals(Verdict.REFUTED, r.verdict(), () -> String.valueOf(r.error()));
        assertEquals(Hazard.Kind.H3_RMP_FAULT, r.hazard().kind());
    }

    @Test
    void safeAndOpenRowsGetTheSmallBudgetRacyRowsTheLargeOne() {
        LincheckEngine engine = new LincheckEngine(2_000, 50, null);
        assertEquals(50, engine.invocationsFor(Catalogue.find("CPA-4").orElseThrow()));
        assertEquals(50, engine.invocationsFor(Catalogue.find("WB-6").orElseThrow()));
        assertEquals(2_000, engine.invocationsFor(Catalogue.find("CPA-3").orElseThrow()));
        assertEquals(2_000, engine.invocationsFor(Catalogue.find("SNP-3").orElseThrow()));
    }

    @Tag("deep") // Lincheck: about 5 s
    @Test
    void aSafeRowWhoseTreeOutgrowsTheBudgetIsInconclusiveNeverPassed() {
        CheckResult r = new LincheckEngine(8).check(Catalogue.find("CPA-4").orElseThrow(), 120_000);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertFalse(r.exhausted());
        assertEquals(8, r.interleavings());
    }
}
