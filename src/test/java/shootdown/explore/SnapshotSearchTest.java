package shootdown.explore;

import shootdown.prove.ProofSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shootdown.model.Model;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.model.Variant;
import shootdown.prove.Bound;
import shootdown.prove.ScenarioSpace;

/**
 * The snapshot search (machine copies, CPUs resumed by re-running their code) against the
 * threaded search (CPUs on threads, every state rebuilt by replay): two implementations of one
 * search with one state key, so on every scenario they must visit exactly the same number of
 * states and give the same verdict. A device that shared state between snapshots, a model whose
 * code is not deterministic given its steps' values, or a resume that lost a CPU's position
 * would show up here as a different count.
 */
class SnapshotSearchTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);

    @ParameterizedTest
    @ValueSource(strings = {"cpa:2008", "wb:WB-1", "wb:WB-5", "wb:WB-6", "mmu:MMU-1", "mmu:MMU-2", "snp:SNP-6"})
    void visitsTheSameStatesAsTheThreadedSearch(String modelAndVariant) {
        assertSameStatesAsTheThreadedSearch(modelAndVariant);
    }

    @Tag("deep") // the variants with the most scenarios: about 25 s
    @ParameterizedTest
    @ValueSource(strings = {"cpa:mainline", "cpa:no-cpa-lock", "cpa:debug-pagealloc", "snp:SNP-2"})
    void visitsTheSameStatesAsTheThreadedSearchOnLargerVariants(String modelAndVariant) {
        assertSameStatesAsTheThreadedSearch(modelAndVariant);
    }

    private static void assertSameStatesAsTheThreadedSearch(String modelAndVariant) {
        Model model = Models.named(modelAndVariant.split(":")[0]);
        Variant variant = Models.variant(model, modelAndVariant.split(":")[1]);
        int compared = 0;
        for (Scenario scenario : ScenarioSpace.enumerate(ProofSpace.of(model, new Bound(2, 1)))) {
            for (boolean reduce : new boolean[] {true, false}) {
                Explorer explorer = new Explorer(variant, scenario, reduce);
                Exploration snapshots = explorer.explore(BUDGET);
                Exploration threads = explorer.exploreThreaded(BUDGET);
                String where = variant + " " + scenario.describeOps() + (reduce ? " (reduced)" : "");
                assertEquals(threads.refuted(), snapshots.refuted(), "verdict of " + where);
                if (threads.refuted()) {
                    assertEquals(threads.counterexample().hazard().kind(), snapshots.counterexample().hazard().kind(),
                            "hazard of " + where);
                    continue;
                }
                assertTrue(snapshots.exhausted() && threads.exhausted(), where);
                assertEquals(threads.states(), snapshots.states(), "states of " + where);
                compared++;
            }
        }
        assertTrue(compared > 0, "no scenario ran to exhaustion in both searches");
    }
}
