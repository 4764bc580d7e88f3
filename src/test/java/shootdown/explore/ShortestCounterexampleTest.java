package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/**
 * The counterexample a reviewer reads is the shortest: fewest moves, then fewest context
 * switches. Here an independent breadth-first walk (every interleaving, states told apart by
 * their full text, nothing of the explorer's visited set or reduction) finds the depth of the
 * first hazard, and the explorer's shortest counterexample must have exactly that many moves.
 */
class ShortestCounterexampleTest {
    private final CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();

    @Test
    void theShortestCounterexampleHasAsFewMovesAsTheNearestHazard() throws SearchSpace.Stop {
        Explorer explorer = new Explorer(cpa3.variant(), cpa3.scenario());
        Counterexample first = explorer.explore(Budget.DEFAULT).counterexample();
        Counterexample shortest = explorer.shortest(first, Budget.DEFAULT);
        int nearest = nearestHazard(new SearchSpace(Programs.of(cpa3.variant(), cpa3.scenario()), false, false));
        assertEquals(nearest, shortest.schedule().size(), "shortest " + shortest.schedule() + ", first " + first.schedule());
        assertTrue(first.schedule().size() > nearest, "the depth-first search's first counterexample is longer here: "
                + first.schedule().size() + " moves");
        assertEquals(first.hazard().kind(), shortest.hazard().kind());
        assertEquals(shortest.trace(), explorer.replay(shortest.schedule()).trace(), "the shortest replays as it reads");
    }

    /**
     * Of counterexamples with as few moves, the one with fewer context switches wins (it reads
     * more easily). The shortest one stays what it is when offered again; offered one as long that
     * changes CPU at every move (a made-up schedule: only its length and its switches count
     * here), the search answers with the calmer one it finds itself.
     */
    @Test
    void ofEquallyShortCounterexamplesTheOneWithFewerContextSwitchesWins() {
        Explorer explorer = new Explorer(cpa3.variant(), cpa3.scenario());
        Counterexample shortest = explorer.shortest(explorer.explore(Budget.DEFAULT).counterexample(), Budget.DEFAULT);
        assertSame(shortest, explorer.shortest(shortest, Budget.DEFAULT));
        List<Integer> restless = new ArrayList<>();
        for (int k = 0; k < shortest.schedule().size(); k++) restless.add(Choice.step(k % 2));
        Counterexample busier = new Counterexample(restless, shortest.hazard(), List.of());
        assertTrue(busier.contextSwitches() > shortest.contextSwitches(), shortest.contextSwitches() + " switches");
        assertEquals(shortest.schedule(), explorer.shortest(busier, Budget.DEFAULT).schedule());
    }

    /**
     * Within the level where counterexamples first appear, the calmest one wins, not the first
     * met: CPA-6's breadth-first walk meets a 45-move counterexample with 9 context switches
     * before one with 8.
     */
    @Test
    void withinTheShortestLevelTheCalmestWins() {
        Counterexample shortest = shortest("CPA-6");
        assertEquals(45, shortest.schedule().size());
        assertEquals(8, shortest.contextSwitches(), shortest.schedule().toString());
    }

    /**
     * Of counterexamples as short and as calm, the first in breadth-first order wins, so a row's
     * trace is the same from run to run (the ledger compares them): for SNP-2-fastpath, the one in
     * which CPU0 runs first.
     */
    @Test
    void ofEquallyCalmOnesTheFirstMetWins() {
        Counterexample shortest = shortest("SNP-2-fastpath");
        List<Integer> cpu0First = new ArrayList<>();
        for (int k = 0; k < 11; k++) cpu0First.add(Choice.step(0));
        for (int k = 0; k < 3; k++) cpu0First.add(Choice.step(1));
        for (int k = 0; k < 2; k++) cpu0First.add(Choice.step(2));
        assertEquals(cpu0First, shortest.schedule());
    }

    /**
     * The walk starts a level only while it has seen fewer states than the budget allows.
     * CPA-3's has seen 80 states when the level holding its 13-move counterexample begins (an
     * earlier level gave one of 14 moves): a budget of 80 states stops it before that level, 81
     * lets it through.
     */
    @Test
    void theStateBudgetIsCheckedBeforeEachLevel() {
        Explorer explorer = new Explorer(cpa3.variant(), cpa3.scenario());
        Counterexample first = explorer.explore(Budget.DEFAULT).counterexample();
        assertEquals(14, explorer.shortest(first, new Budget(80, 60_000)).schedule().size());
        assertEquals(13, explorer.shortest(first, new Budget(81, 60_000)).schedule().size());
    }

    private static Counterexample shortest(String id) {
        CatalogueRow row = Catalogue.find(id).orElseThrow();
        Explorer explorer = new Explorer(row.variant(), row.scenario());
        return explorer.shortest(explorer.explore(Budget.DEFAULT).counterexample(), Budget.DEFAULT);
    }

    /** A search out of budget keeps the counterexample it had. */
    @Test
    void outOfBudgetTheFirstCounterexampleStays() {
        Explorer explorer = new Explorer(cpa3.variant(), cpa3.scenario());
        Counterexample first = explorer.explore(Budget.DEFAULT).counterexample();
        assertSame(first, explorer.shortest(first, new Budget(1, 60_000)));
        assertSame(first, explorer.shortest(first, new Budget(2_000_000, 0)));
    }

    /** Moves to the nearest state where a move breaks an invariant, level by level. */
    private static int nearestHazard(SearchSpace space) throws SearchSpace.Stop {
        List<SearchSpace.State> level = List.of(space.initial());
        Set<String> seen = new HashSet<>();
        int[] identity = SearchSpace.identity(space.cpuCount);
        for (int depth = 1; !level.isEmpty(); depth++) {
            List<SearchSpace.State> next = new ArrayList<>();
            for (SearchSpace.State state : level) {
                for (int move : space.enabledMoves(state, identity)) {
                    try {
                        SearchSpace.State after = space.successor(state, move);
                        if (seen.add(ReferenceSearch.text(after))) next.add(after);
                    } catch (SearchSpace.Stop hazard) {
                        return depth;
                    }
                }
            }
            level = next;
        }
        throw new AssertionError("no hazard in the space");
    }
}
