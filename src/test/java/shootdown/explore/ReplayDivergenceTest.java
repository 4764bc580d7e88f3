package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/**
 * A schedule is only meaningful for the code it was found on. Replayed on other code (the
 * locked variant, where the racing CPU now waits for cpa_lock), the first move that is not
 * possible any more stops the replay with where it diverged, rather than quietly taking
 * another move and producing a different trace under the old schedule's name.
 */
class ReplayDivergenceTest {
    @Test
    void aScheduleReplayedOnOtherCodeSaysWhereItDiverged() {
        CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
        CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();
        List<Integer> schedule = new Explorer(cpa3.variant(), cpa3.scenario()).explore(Budget.DEFAULT)
                .counterexample().schedule();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Explorer(cpa4.variant(), cpa4.scenario()).replay(schedule));
        assertTrue(e.getMessage().contains("schedule diverged at step "), e.getMessage());
    }

    /** A move no CPU has (CPU 7 of two) diverges at once. */
    @Test
    void aMoveOfNoCpuDivergesAtOnce() {
        CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
        List<Integer> schedule = new ArrayList<>(List.of(7));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Explorer(cpa3.variant(), cpa3.scenario()).replay(schedule));
        assertTrue(e.getMessage().contains("schedule diverged at step 0 []"), e.getMessage());
    }
}
