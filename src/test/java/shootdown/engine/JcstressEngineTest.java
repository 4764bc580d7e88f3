package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shootdown.engine.JcstressOutputTest.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.machine.Hazard;
import shootdown.stress.HitSchedules;

/**
 * The jcstress engine on captured output of its generic test (one jcstress run for CPA-3, CPA-4
 * and WB-5, each sample one row's), and once on a real child JVM that overruns its budget.
 */
class JcstressEngineTest {
    private static final String TEST = "shootdown.stress.TwoCpuRows";
    private final CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
    private final CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();

    @TempDir
    Path schedules;

    private CheckResult read(CatalogueRow row, String output) {
        return new StressReading("jcstress", "a test run", schedules, r -> TEST)
                .result(row, JcstressOutput.find(output, TEST), 0, 20_000, "");
    }

    @Test
    void everyRowThatRunsOneScenarioGetsStress() {
        JcstressEngine engine = new JcstressEngine(1000, null);
        for (CatalogueRow row : Catalogue.rows()) assertEquals(!row.isProof(), engine.applies(row), row.id());
    }

    @Test
    void aRowWithMoreCpusThanTheMachineIsSkippedWithTheReason() {
        CatalogueRow threeCpus = Catalogue.rows().stream().filter(r -> r.cpus() == 3).findFirst().orElseThrow();
        List<CheckResult> results = new ArrayList<>();
        new JcstressEngine(1000, "", 2, null).checkAll(List.of(threeCpus), 1_000, results::add);

        assertEquals(1, results.size());
        assertEquals(Verdict.SKIPPED, results.get(0).verdict());
        assertTrue(results.get(0).bound().contains("3 CPUs, and this machine has 2"), results.get(0).bound());
    }

    /**
     * jcstress gives every test the same sampling time: a test of its own for the one-CPU rows
     * would cost as much as the one of all two-CPU rows, so they join the two-actor test, except
     * on a machine of one CPU, where that test does not run.
     */
    @Test
    void oneCpuRowsRunInTheTwoActorTestWhereItRuns() {
        CatalogueRow oneCpu = Catalogue.rows().stream().filter(r -> r.cpus() == 1 && !r.isProof()).findFirst()
                .orElseThrow();
        assertEquals(TEST, new JcstressEngine(1000, "", 2, null).test(oneCpu));
        assertEquals("shootdown.stress.OneCpuRows", new JcstressEngine(1000, "", 1, null).test(oneCpu));
        assertEquals(TEST, new JcstressEngine(1000, "", 4, null).test(cpa3));
        assertNull(new JcstressEngine(1000, "", 1, null).whyNot(oneCpu));
        assertTrue(new JcstressEngine(1000, "", 1, null).whyNot(cpa3).contains("this machine has 1"));
    }

    @Test
    void eachRowCountsOnlyItsOwnSamples() throws IOException {
        String output = resource("jcstress-rows-output.txt");
        CheckResult racy = read(cpa3, output);
        CheckResult safe = read(cpa4, output);

        assertEquals(Verdict.REFUTED, racy.verdict());
        assertEquals(27_736, racy.samples());
        assertEquals(5, racy.hits());
        assertTrue(racy.bound().contains("H1_MIXED_SIZE_CONFLICT x 5 (expected)"), racy.bound());
        assertEquals(Verdict.PASSED, safe.verdict());
        assertFalse(safe.exhausted(), "stress never exhausts anything");
        assertEquals(27_734, safe.samples());
        assertEquals(0, safe.hits());
        assertFalse(safe.rawTrace().contains("CPA-3"), "a row's table holds only its own lines: " + safe.rawTrace());
    }

    @Test
    void aHitComesWithTheExplorersShortestTraceOfTheSameHazard() throws IOException {
        CheckResult racy = read(cpa3, resource("jcstress-rows-output.txt"));
        StressOutcome h1 = racy.outcomes().stream().filter(StressOutcome::isHazard).findFirst().orElseThrow();

        assertEquals("H1_MIXED_SIZE_CONFLICT", h1.result());
        assertEquals("expected", h1.grade());
        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, h1.shortestHazard().kind());
        assertEquals(13, h1.shortestSchedule().size(), "Gleixner's interleaving: 13 steps");
        assertFalse(h1.replay(), "no hit was recorded in this test's schedule directory");
    }

    @Test
    void aRecordedHitReplaysAsTheChecksCounterexample() throws IOException {
        // What a sample leaves behind: its steps in the machine's order, as explorer choices.
        Files.writeString(schedules.resolve(HitSchedules.fileName("CPA-3", "H1_MIXED_SIZE_CONFLICT") + ".1"
                + HitSchedules.SUFFIX), "1,1,1,1,1,1,1,1,1,1,0,0,0\n");
        CheckResult racy = read(cpa3, resource("jcstress-rows-output.txt"));

        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, racy.hazard().kind());
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0), racy.schedule());
        assertFalse(racy.trace().isEmpty());
    }

    @Test
    void aHazardOnASafeRowFailsTheTestAndRefutesTheRow() throws IOException {
        String output = resource("jcstress-rows-output.txt")
                .replace("[OK] shootdown.stress.TwoCpuRows", "[FAILED] shootdown.stress.TwoCpuRows")
                .replace("                                 CPA-4 OK   27,734",
                        "  CPA-4 H2_STALE_AFTER_COMPLETION forbidden        2    0.01%    Forbidden  A hazard on a row...\n"
                                + "                                 CPA-4 OK   27,732");
        CheckResult safe = read(cpa4, output);

        assertEquals(Verdict.REFUTED, safe.verdict());
        assertEquals(2, safe.hits());
        assertTrue(safe.bound().contains("H2_STALE_AFTER_COMPLETION x 2 (forbidden)"), safe.bound());
    }

    @Test
    void aRuleBrokenInASampleIsAnError() throws IOException {
        String output = resource("jcstress-rows-output.txt").replace("                                 CPA-4 OK   27,734",
                "                        CPA-4 RULE_BROKEN        1    0.01%    Forbidden  Model code...\n"
                        + "                                 CPA-4 OK   27,733");
        CheckResult safe = read(cpa4, output);

        assertEquals(Verdict.ERROR, safe.verdict());
        assertTrue(safe.error().contains("model code broke a rule"), safe.error());
    }

    @Test
    void aTestMissingFromTheOutputIsAnError() throws IOException {
        CheckResult r = new StressReading("jcstress", "", schedules, row -> TEST).result(cpa3,
                JcstressOutput.find(resource("jcstress-rows-output.txt"), "shootdown.stress.Missing"), 0, 1, "tail");

        assertEquals(Verdict.ERROR, r.verdict());
        assertTrue(r.error().contains("no result for shootdown.stress.TwoCpuRows"), r.error());
        assertNull(r.hazard());
    }

    /** A real child JVM that cannot finish in time: stopped, with every JVM it forked. */
    @Test
    void overrunningTheBudgetStopsJcstressAndIsInconclusive() {
        List<CheckResult> results = new ArrayList<>();
        new JcstressEngine(1000, null).checkAll(List.of(cpa3), 2_000, results::add);

        CheckResult r = results.get(0);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), String.valueOf(r.error()));
        assertTrue(r.bound().contains("budget of 2000 ms"), r.bound());
        assertTrue(r.millis() < 15_000, "took " + r.millis() + " ms");
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "a jcstress process outlived the check");
    }
}
