package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import shootdown.machine.Footprint;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * A user's own variant is not refused for breaking a promise of the model's (a step outside
 * its operation's declared footprint, here): the reduction is what relies on the promise, so the
 * search starts again without the reduction, and the answer says so and why. A built-in variant
 * that breaks one is a bug of the tool, and stops ({@link PartialOrderReductionTest}).
 */
class UsersVariantPromiseTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);

    @Test
    void aUsersVariantThatBreaksAPromiseIsExploredAgainWithoutTheReduction() {
        Scenario scenario = PartialOrderReductionTest.scenario("CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)");
        Variant builtIn = PartialOrderReductionTest.declaring(new Footprint(0, 0).readsPageTables(), List.of());
        Variant users = new Variant(builtIn.model(), "mine", "a user's change", "", Path.of("Mine.java"), "mainline",
                Map.of());
        Exploration e = new Explorer(users, scenario, true).explore(BUDGET);
        assertTrue(e.exhausted(), e.stopReason());
        assertTrue(e.note().startsWith("explored without partial-order reduction: the variant does not keep a promise")
                && e.note().contains("outside what its operation declares"), e.note());
        assertEquals(new SnapshotSearch(builtIn, scenario, false).run(BUDGET, false).states(),
                new SnapshotSearch(users, scenario, true).run(BUDGET, false).states(), "every state, as without reduction");
    }
}
