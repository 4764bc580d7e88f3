package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Models;
import shootdown.model.Model;
import shootdown.model.Variant;

/**
 * Exact state counts of a few known proof spaces: one search over the whole bound
 * ({@link BoundSearch}: the model's proof alphabet and layout, reduction on unless the row says
 * "full", symmetry where the variant's CPUs are interchangeable): the search
 * {@code ./shootdown prove MODEL --variant V --cpus C --ops O} runs and reports. A count is a function of the
 * model and the search alone (any thread count, any run), so any change to what is explored
 * shows here: a change to the search or a model that moves a count must say why in its commit
 * and update the row. To update: run {@code mvn -B -ntp -o test -Dtest=PinnedStateCountsTest}
 * and copy the count the failure reports ("but was").
 */
class PinnedStateCountsTest {
    private static final Budget BUDGET = new Budget(5_000_000, 600_000);

    @ParameterizedTest(name = "{0} {1} {2}x{3} {4}: {5} states")
    @CsvSource({
            "cpa, mainline,    2, 1, reduced, 3118",
            "cpa, mainline,    2, 1, full,    4534",
            "wb,  sticky-mask, 2, 2, reduced, 77222",
            "mmu, mainline,    2, 2, reduced, 15352",
    })
    void theSpaceHasExactlyThisManyStates(String modelName, String variantName, int cpus, int ops, String reduction,
                                          long states) {
        assertStates(modelName, variantName, cpus, ops, reduction, states);
    }

    @Tag("deep") // the two larger cpa spaces: about 13 s
    @ParameterizedTest(name = "{0} {1} {2}x{3} {4}: {5} states")
    @CsvSource({
            "cpa, mainline,    2, 2, reduced, 153631",
            "cpa, mainline,    3, 1, reduced, 237625",
    })
    void theLargerSpaceHasExactlyThisManyStates(String modelName, String variantName, int cpus, int ops,
                                                String reduction, long states) {
        assertStates(modelName, variantName, cpus, ops, reduction, states);
    }

    private static void assertStates(String modelName, String variantName, int cpus, int ops, String reduction,
                                     long states) {
        Model model = Models.named(modelName);
        Variant variant = Models.variant(model, variantName);
        BoundSearch.Result r = BoundSearch.run(variant, model.proveAlphabet(), model.proveLayout(), cpus, ops, BUDGET,
                reduction.equals("reduced"));
        assertTrue(r.exhausted() || r.violation() != null, r.stopReason());
        assertEquals(states, r.states(), modelName + " " + variantName + " " + cpus + "x" + ops + " " + reduction);
    }
}
