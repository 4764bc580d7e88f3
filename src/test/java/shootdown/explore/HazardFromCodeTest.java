package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.machine.Hazard;

/**
 * Not every hazard is raised by a machine step: the RMP check of a host write runs in the CPU's
 * code, after the store returned. The snapshot search meets it while bringing that CPU's code
 * to its next step (the code runs again from the top with the recorded results), not while
 * taking a step, and must stop there with it all the same. SNP-1 (a host write to a page a
 * concurrent rmp_make_private() made private) is the catalogue's row for it.
 */
class HazardFromCodeTest {
    private final CatalogueRow snp1 = Catalogue.find("SNP-1").orElseThrow();

    @Test
    void theSnapshotSearchStopsAtAHazardTheCodeRaises() {
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
}
