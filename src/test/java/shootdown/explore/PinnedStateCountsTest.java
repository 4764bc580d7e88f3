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
 * Exact state and transition counts of a few known proof spaces: one search over the whole
 * bound ({@link BoundSearch}: the model's proof alphabet and layout, reduction on unless the row
 * says "full", symmetry where the variant's CPUs are interchangeable): the search
 * {@code ./shootdown prove MODEL --variant V --cpus C --ops O} runs and reports. A count is a
 * function of the model and the search alone (any thread count, any run), so any change to what
 * is explored shows here: a change to the search or a model that moves a count must say why in
 * its commit and update the row. To update: run {@code mvn -B -ntp -o test
 * -Dtest=PinnedStateCountsTest} and copy the count the failure reports ("but was"). On two
 * threads the first table's counts come out the same (measured).
 */
class PinnedStateCountsTest {
    private static final Budget BUDGET = new Budget(5_000_000, 600_000);

    @ParameterizedTest(name = "{0} {1} {2}x{3} {4}: {5} states, {6} transitions")
    @CsvSource({
            "cpa, mainline,    2, 1, reduced, 3118,   4161",
            "cpa, mainline,    2, 1, full,    4534,   7630",
            "cpa, mainline,    2, 2, reduced, 153631, 226702",
            "wb,  sticky-mask, 2, 2, reduced, 77222,  155070",
            "mmu, mainline,    2, 2, reduced, 15352,  22518",
    })
    void theSpaceHasExactlyThisManyStates(String modelName, String variantName, int cpus, int ops, String reduction,
                                          long states, long transitions) {
        assertCounts(modelName, variantName, cpus, ops, reduction, states, transitions);
    }

    @Tag("deep") // the larger cpa space: about 8 s
    @ParameterizedTest(name = "{0} {1} {2}x{3} {4}: {5} states, {6} transitions")
    @CsvSource({
            "cpa, mainline,    3, 1, reduced, 237625, 580469",
    })
    void theLargerSpaceHasExactlyThisManyStates(String modelName, String variantName, int cpus, int ops,
                                                String reduction, long states, long transitions) {
        assertCounts(modelName, variantName, cpus, ops, reduction, states, transitions);
    }

    /**
     * The states, and the transitions: which moves the reduction takes from each state is a
     * function of the state too (the persistent set is chosen in the CPUs' canonical order), so a
     * change to the reduction that keeps the states but takes more moves shows as well.
     */
    private static void assertCounts(String modelName, String variantName, int cpus, int ops, String reduction,
                                     long states, long transitions) {
        Model model = Models.named(modelName);
        Variant variant = Models.variant(model, variantName);
        BoundSearch.Result r = BoundSearch.run(variant, model.proveAlphabet(), model.proveLayout(), cpus, ops, BUDGET,
                reduction.equals("reduced"));
        assertTrue(r.exhausted() || r.violation() != null, r.stopReason());
        String what = modelName + " " + variantName + " " + cpus + "x" + ops + " " + reduction;
        assertEquals(states, r.states(), what + ": states");
        assertEquals(transitions, r.transitions(), what + ": transitions");
    }
}
