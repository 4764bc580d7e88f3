package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shootdown.engine.JcstressOutputTest.resource;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;

class JcstressEngineTest {
    private final JcstressEngine engine = new JcstressEngine("quick");
    private final CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
    private final CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();

    @Test
    void appliesOnlyToRowsWithAStressTest() {
        assertTrue(engine.applies(cpa3));
        assertFalse(engine.applies(Catalogue.find("CPA-1").orElseThrow()));
    }

    @Test
    void rejectsAnUnknownMode() {
        assertThrows(IllegalArgumentException.class, () -> new JcstressEngine("thorough"));
    }

    @Test
    void hazardSamplesRefuteTheRow() throws IOException {
        CheckResult r = engine.result(cpa3, "shootdown.stress.CpaNoCpaLockStress",
                resource("jcstress-quick-output.txt"), 1, 56_000);

        assertEquals(Verdict.REFUTED, r.verdict());
        assertEquals(4_832, r.samples());
        assertEquals(19, r.hits());
        assertFalse(r.exhausted());
        assertEquals("4,832 samples on 2 threads (jcstress quick), hazards seen: H1_MIXED_SIZE_CONFLICT x 19",
                r.bound());
        assertTrue(r.rawTrace().contains("H1_MIXED_SIZE_CONFLICT       19"), r.rawTrace());
        assertNull(r.error());
    }

    @Test
    void aForbiddenHazardRefutesTheRowToo() throws IOException {
        CheckResult r = engine.result(cpa3, "shootdown.stress.CpaNoCpaLockStrictStress",
                resource("jcstress-quick-output.txt"), 1, 56_000);

        assertEquals(Verdict.REFUTED, r.verdict());
        assertEquals(7, r.hits());
    }

    @Test
    void noHazardPassesWithoutClaimingExhaustion() throws IOException {
        CheckResult r = engine.result(cpa4, "shootdown.stress.CpaMainlineStress",
                resource("jcstress-quick-output.txt"), 1, 56_000);

        assertEquals(Verdict.PASSED, r.verdict());
        assertFalse(r.exhausted());
        assertEquals(12_187, r.samples());
        assertEquals(0, r.hits());
        assertEquals("12,187 samples on 2 threads (jcstress quick), no hazard seen", r.bound());
    }

    @Test
    void aTestErrorIsAnErrorEvenWithSamples() throws IOException {
        CheckResult r = engine.result(cpa4, "shootdown.stress.CpaMainlineStress",
                resource("jcstress-error-output.txt"), 1, 20_000);

        assertEquals(Verdict.ERROR, r.verdict());
        assertTrue(r.error().contains("ERROR"), r.error());
        assertTrue(r.rawTrace().contains("NoClassDefFoundError"), r.rawTrace());
    }

    @Test
    void aTestMissingFromTheOutputIsAnError() throws IOException {
        CheckResult r = engine.result(cpa3, "shootdown.stress.Missing", resource("jcstress-quick-output.txt"), 0, 1);

        assertEquals(Verdict.ERROR, r.verdict());
        assertTrue(r.error().contains("no result for shootdown.stress.Missing"), r.error());
    }

    @Test
    void aTestClassThatDoesNotExistIsAnError() {
        CatalogueRow ghost = new CatalogueRow("GHOST-1", cpa3.variant(), cpa3.scenario(), null, cpa3.documented(),
                cpa3.hazards(), cpa3.why(), "", "", "NoSuchStress", "test");

        CheckResult r = engine.check(ghost, 60_000);

        assertEquals(Verdict.ERROR, r.verdict());
        assertTrue(r.error().contains("shootdown.stress.NoSuchStress"), r.error());
    }

    /** A real child JVM that cannot finish in time: stopped, with every JVM it forked. */
    @Test
    void overrunningTheBudgetStopsJcstressAndIsInconclusive() {
        CheckResult r = engine.check(cpa3, 2_000);

        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), String.valueOf(r.error()));
        assertTrue(r.bound().contains("budget of 2000 ms"), r.bound());
        assertTrue(r.millis() < 15_000, "took " + r.millis() + " ms");
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "a jcstress process outlived the check");
    }
}
