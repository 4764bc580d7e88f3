package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/** The explorer's own guarantees: budgets are honoured, counterexamples replay. */
class ExplorerTest {
    private final CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();
    private final CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();

    @Test
    void aStateBudgetTooSmallForTheSpaceIsNotExhausted() {
        Exploration e = new Explorer(cpa4.variant(), cpa4.scenario()).explore(new Budget(20, 60_000));
        assertFalse(e.refuted());
        assertFalse(e.exhausted(), "20 states cannot cover CPA-4's scenario");
        assertTrue(e.stopReason().contains("state budget"));
    }

    @Test
    void aCounterexampleReplaysToTheSameHazardAndTrace() {
        Explorer explorer = new Explorer(cpa3.variant(), cpa3.scenario());
        Counterexample found = explorer.explore(Budget.DEFAULT).counterexample();
        Counterexample again = explorer.replay(found.schedule());
        assertEquals(found.hazard(), again.hazard());
        assertEquals(found.trace(), again.trace());
    }

    @Test
    void theSameScheduleOnTheLockedVariantDiverges() {
        Counterexample found = new Explorer(cpa3.variant(), cpa3.scenario())
                .explore(Budget.DEFAULT).counterexample();
        Explorer locked = new Explorer(cpa4.variant(), cpa4.scenario());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> locked.replay(found.schedule()));
    }
}
