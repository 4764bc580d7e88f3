package shootdown.explore;

import shootdown.prove.ProofSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.model.Model;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.prove.Bound;
import shootdown.prove.ScenarioSpace;

/**
 * One search over a whole bound (operations picked inside it, CPUs interchangeable) against the
 * scenarios checked one by one: both must find a violation in exactly the same bounds. Merging
 * states that differ only by which CPU is which must change the count of states, never the
 * verdict.
 */
class BoundSearchTest {
    private static final Budget BUDGET = new Budget(5_000_000, 120_000);

    @ParameterizedTest
    @CsvSource({"mainline, 2, 1", "no-cpa-lock, 2, 2", "2008-no-cpa-lock, 2, 1", "no-recheck, 2, 2",
            "debug-pagealloc, 2, 2"})
    void findsAViolationExactlyWhereSomeScenarioHasOne(String variant, int cpus, int ops) {
        assertViolationExactlyWhereSomeScenarioHasOne(variant, cpus, ops);
    }

    @Tag("deep") // the safe variants' whole spaces: about 20 s
    @ParameterizedTest
    @CsvSource({"mainline, 2, 2", "mainline, 3, 1", "2008, 2, 2"})
    void findsAViolationExactlyWhereSomeScenarioHasOneInLargerSpaces(String variant, int cpus, int ops) {
        assertViolationExactlyWhereSomeScenarioHasOne(variant, cpus, ops);
    }

    private static void assertViolationExactlyWhereSomeScenarioHasOne(String variant, int cpus, int ops) {
        Model model = Models.named("cpa");
        Scenario broken = null;
        for (Scenario scenario : ScenarioSpace.enumerate(new ProofSpace(model, SplitAlphabet.OPS, SplitAlphabet.LAYOUT, new Bound(cpus, ops)))) {
            Exploration e = new Explorer(model.variant(variant), scenario).explore(BUDGET);
            assertTrue(e.refuted() || e.exhausted(), scenario.describeOps());
            if (e.refuted()) {
                broken = scenario;
                break;
            }
        }
        BoundSearch.Result all = BoundSearch.run(model.variant(variant), SplitAlphabet.OPS, SplitAlphabet.LAYOUT, cpus, ops, BUDGET, true);
        String where = variant + " at " + cpus + "x" + ops;
        if (broken == null) {
            assertTrue(all.exhausted(), "one search exhausts " + where);
            assertEquals("exhausted", all.stopReason(), "and says so");
        } else {
            assertNotNull(all.violation(), "one search finds what " + broken.describeOps() + " breaks, " + where);
        }
    }

    @ParameterizedTest
    @CsvSource({"mainline, 2, 2", "2008, 2, 2", "no-recheck, 2, 2"})
    void cpuSymmetryMergesStatesWithoutChangingTheVerdict(String variant, int cpus, int ops) {
        assertSymmetryMergesWithoutChangingTheVerdict(variant, cpus, ops);
    }

    @Tag("deep") // three CPUs: about 9 s
    @ParameterizedTest
    @CsvSource({"mainline, 3, 1"})
    void cpuSymmetryMergesStatesWithoutChangingTheVerdictAtThreeCpus(String variant, int cpus, int ops) {
        assertSymmetryMergesWithoutChangingTheVerdict(variant, cpus, ops);
    }

    private static void assertSymmetryMergesWithoutChangingTheVerdict(String variant, int cpus, int ops) {
        Model model = Models.named("cpa");
        SnapshotSearch.Result numbered = new SnapshotSearch(SplitAlphabet.bound(model.variant(variant), cpus, ops), true, false)
                .run(BUDGET, false);
        SnapshotSearch.Result merged = new SnapshotSearch(SplitAlphabet.bound(model.variant(variant), cpus, ops), true, true)
                .run(BUDGET, false);
        assertEquals(numbered.violation() == null, merged.violation() == null, variant);
        if (merged.violation() != null) return; // each stops at its first violation
        assertEquals(null, numbered.stopReason());
        assertEquals(null, merged.stopReason());
        assertTrue(merged.states() < numbered.states(),
                "symmetry merges states: " + merged.states() + " of " + numbered.states());
    }
}
