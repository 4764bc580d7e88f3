package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    private final CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
    private final CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();

    @Test
    void aScheduleReplayedOnOtherCodeSaysWhereItDiverged() {
        List<Integer> schedule = new Explorer(cpa3.variant(), cpa3.scenario()).explore(Budget.DEFAULT)
                .counterexample().schedule();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Explorer(cpa4.variant(), cpa4.scenario()).replay(schedule));
        assertTrue(e.getMessage().contains("schedule diverged at step "), e.getMessage());
    }

    /**
     * A replay says what it reproduces: a clean schedule (one a lock-removal certificate cites for
     * an outcome) replays to that outcome with its trace, and is refused as a counterexample; a
     * counterexample is refused as a clean run.
     */
    @Test
    void aCleanScheduleReplaysToItsOutcomeAndIsNoCounterexample() {
        Explorer locked = new Explorer(cpa4.variant(), cpa4.scenario());
        var outcome = locked.exploreOutcomes(Budget.DEFAULT).outcomes().entrySet().iterator().next();
        Explorer.CleanRun clean = locked.replayClean(outcome.getValue());
        assertEquals(outcome.getKey(), clean.outcome());
        assertFalse(clean.trace().isEmpty(), "a clean run comes with its trace");
        IllegalStateException notAViolation = assertThrows(IllegalStateException.class,
                () -> locked.replay(outcome.getValue()));
        assertTrue(notAViolation.getMessage().startsWith("schedule does not reproduce a violation"), notAViolation.getMessage());

        Explorer racy = new Explorer(cpa3.variant(), cpa3.scenario());
        List<Integer> race = racy.explore(Budget.DEFAULT).counterexample().schedule();
        IllegalStateException notClean = assertThrows(IllegalStateException.class, () -> racy.replayClean(race));
        assertTrue(notClean.getMessage().startsWith("schedule reaches a hazard"), notClean.getMessage());
    }

    /** A move no CPU has (CPU 7 of two) diverges at once. */
    @Test
    void aMoveOfNoCpuDivergesAtOnce() {
        List<Integer> schedule = new ArrayList<>(List.of(7));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Explorer(cpa3.variant(), cpa3.scenario()).replay(schedule));
        assertTrue(e.getMessage().contains("schedule diverged at step 0 []"), e.getMessage());
    }
}
