package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.machine.Hazard;

/**
 * Some hazards are properties of the end, not of a step: a shadow page no list reaches any
 * more, a VM destroyed with its memory still accounted. No move raises them; the search must
 * check each final state once every CPU has finished, and say "at quiescence". (The explorer's
 * counterexample is replayed on CPU threads, so the snapshot search's own answer is checked.)
 */
class QuiescenceHazardTest {
    @ParameterizedTest
    @ValueSource(strings = {"MMU-2", "WB-10"})
    void aLeakIsFoundAtQuiescence(String id) {
        CatalogueRow row = Catalogue.find(id).orElseThrow();
        SnapshotSearch.Result r = new SnapshotSearch(row.variant(), row.scenario(), true).run(Budget.DEFAULT, false);
        assertEquals(Hazard.Kind.H5_LEAK, r.hazard().kind(), id + ": " + r.hazard());
        assertEquals(-1, r.hazard().step(), id + " is found at quiescence: " + r.hazard());
        Exploration threaded = new Explorer(row.variant(), row.scenario()).exploreThreaded(Budget.DEFAULT);
        assertEquals(Hazard.Kind.H5_LEAK, threaded.counterexample().hazard().kind(), "the threaded search too");
    }
}
