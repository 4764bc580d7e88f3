package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.PageSize;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;

/**
 * Not every hazard is a machine invariant broken by a step. The RMP check of a host write runs
 * after the store, as the step's own check (SNP-1: a host write to a page a concurrent
 * rmp_make_private() made private), and a model's code may stop itself between two steps, as a
 * {@code BUG_ON()} on a value a step returned does. The snapshot search meets the second kind
 * while bringing the CPU's code to its next step (the code runs again from the top with the
 * recorded results), not while taking a step, and must stop there all the same.
 */
class HazardFromCodeTest {
    private final CatalogueRow snp1 = Catalogue.find("SNP-1").orElseThrow();

    @Test
    void theSnapshotSearchStopsAtAHazardAStepsCheckRaises() {
        Explorer explorer = new Explorer(snp1.variant(), snp1.scenario());
        Exploration e = explorer.explore(Budget.DEFAULT);
        assertTrue(e.refuted(), e.stopReason());
        assertEquals(Hazard.Kind.H3_RMP_FAULT, e.counterexample().hazard().kind());
        assertEquals(e.counterexample().hazard(), explorer.replay(e.counterexample().schedule()).hazard());
    }

    /** The snapshot search's own verdict (the explorer's counterexample is a replay on CPU threads). */
    @Test
    void theHazardIsTheSnapshotSearchsOwn() {
        SnapshotSearch.Result r = new SnapshotSearch(snp1.variant(), snp1.scenario(), true).run(Budget.DEFAULT, false);
        assertEquals(Hazard.Kind.H3_RMP_FAULT, r.hazard().kind(), String.valueOf(r.hazard()));
    }

    @Test
    void soDoesTheThreadedSearch() {
        Exploration e = new Explorer(snp1.variant(), snp1.scenario()).exploreThreaded(Budget.DEFAULT);
        assertTrue(e.refuted(), e.stopReason());
        assertEquals(Hazard.Kind.H3_RMP_FAULT, e.counterexample().hazard().kind());
    }

    private final Variant wrongBugOn = Variant.of(CpaModel.INSTANCE, "wrong-bug-on", "set_memory_4k(): a BUG_ON() "
            + "that the page is still mapped 2M", "planted", SetMemory.class, WrongBugOn::new);
    private final Scenario split = new Scenario("split", "2m", "",
            ScenarioText.parseOps("CPU0: set_memory_4k(0x0) | CPU1: touch(0x1)"));

    @Test
    void aBugOnBetweenStepsStopsTheSnapshotSearch() {
        SnapshotSearch.Result r = new SnapshotSearch(wrongBugOn, split, true).run(Budget.DEFAULT, false);
        assertEquals(Hazard.Kind.INVARIANT, r.hazard().kind(), String.valueOf(r.hazard()));
        assertTrue(r.hazard().message().startsWith("BUG_ON"), r.hazard().message());
        assertEquals(r.hazard(), new Explorer(wrongBugOn, split).replay(r.violation()).hazard(),
                "the schedule replays to the same hazard on CPU threads");
    }

    @Test
    void aBugOnBetweenStepsStopsTheThreadedSearch() {
        Exploration e = new Explorer(wrongBugOn, split).exploreThreaded(Budget.DEFAULT);
        assertTrue(e.refuted(), e.stopReason());
        assertTrue(e.counterexample().hazard().message().startsWith("BUG_ON"), e.counterexample().hazard().message());
    }

    /** {@code set_memory_4k()} followed by a wrong {@code BUG_ON()}: the split is the point, so it always fires. */
    public static final class WrongBugOn extends SetMemory {
        @Override
        public void set_memory_4k(long addr) {
            super.set_memory_4k(addr);
            if (cpu.lookup_address(addr).value().size() != PageSize.SIZE_2M) {
                throw new HazardException(new Hazard(Hazard.Kind.INVARIANT, -1, cpu.id(), cpu.id(),
                        "BUG_ON(): " + Long.toHexString(addr) + " is no longer mapped 2M", List.of()));
            }
        }
    }
}
