package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one-thread visited set: a state is new once, and stays known however often the table
 * doubles. An empty slot is the pair (0, 0), so that pair is stored as (1, 0) and every other
 * pair, one word zero or not, is kept as it is.
 */
class VisitedTest {
    @Test
    void aStateIsNewOnceThroughManyDoublings() {
        Visited visited = new Visited();
        int n = 20_000; // the table starts at 4,096 slots and doubles at half full: three doublings
        for (int i = 0; i < n; i++) assertTrue(visited.firstVisit(state(i)), "state " + i);
        assertEquals(n, visited.size());
        for (int i = 0; i < n; i++) assertFalse(visited.firstVisit(state(i)), "state " + i + " again");
        assertEquals(n, visited.size());
    }

    /** The i-th of distinct states whose words use all 64 bits, as real fingerprints do (negative ones too). */
    private static StateHash state(int i) {
        return new StateHash(i * 31L + 7, (i + 1) * 0x9E3779B97F4A7C15L);
    }

    /** Pairs with one zero word are ordinary states: they survive a doubling like the rest. */
    @Test
    void statesWithOneZeroWordSurviveDoubling() {
        Visited visited = new Visited();
        assertTrue(visited.firstVisit(new StateHash(5, 0)));
        assertTrue(visited.firstVisit(new StateHash(0, 5)));
        for (int i = 1; i <= 5_000; i++) visited.firstVisit(new StateHash(-i, i));
        assertFalse(visited.firstVisit(new StateHash(5, 0)), "(5, 0) lost when the table doubled");
        assertFalse(visited.firstVisit(new StateHash(0, 5)), "(0, 5) lost when the table doubled");
        assertEquals(5_002, visited.size());
    }

    @Test
    void theEmptyMarkIsStoredAsOneZero() {
        Visited visited = new Visited();
        assertTrue(visited.firstVisit(new StateHash(0, 0)));
        assertFalse(visited.firstVisit(new StateHash(1, 0)), "(0, 0) is kept as (1, 0)");
        assertTrue(visited.firstVisit(new StateHash(0, 1)));
        assertEquals(2, visited.size());
    }
}
