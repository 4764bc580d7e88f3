package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;
import shootdown.machine.Fingerprint;
import shootdown.model.Model;
import shootdown.model.Op;

/**
 * The states a search visits are a function of the model alone, never of the order it takes
 * them in: each state's moves depend on the state, and its key holds everything its future
 * depends on. So a depth-first search that takes the first move first, one that takes every
 * move of a state before going deeper (last first), and the parallel search on two threads run
 * any number of times all count exactly the same states. A key that folded two different
 * states into one would make the count depend on which of the two a search reached first:
 * folding a CPU's history by {@code hashCode()} once merged "set_memory_ro(0x1) started first"
 * with "touch(0x1), then set_memory_ro(0x0)", and a third of the 2x2 states went unexplored.
 */
class SearchOrderTest {
    private static final Budget BUDGET = new Budget(Long.MAX_VALUE, 120_000);

    @ParameterizedTest
    @CsvSource({"2008, 2, 2, true"})
    void everyOrderVisitsTheSameStates(String variant, int cpus, int ops, boolean symmetric) throws Exception {
        assertEveryOrderVisitsTheSameStates(variant, cpus, ops, symmetric);
    }

    @Tag("deep") // the larger spaces: about 25 s
    @ParameterizedTest
    @CsvSource({"mainline, 2, 2, false", "mainline, 3, 1, true"})
    void everyOrderVisitsTheSameStatesInLargerSpaces(String variant, int cpus, int ops, boolean symmetric) throws Exception {
        assertEveryOrderVisitsTheSameStates(variant, cpus, ops, symmetric);
    }

    private static void assertEveryOrderVisitsTheSameStates(String variant, int cpus, int ops, boolean symmetric)
            throws Exception {
        Model model = Models.named("cpa");
        Programs programs = SplitAlphabet.bound(model.variant(variant), cpus, ops);
        SnapshotSearch.Result one = new SnapshotSearch(programs, true, symmetric).run(BUDGET, false);
        assertNull(one.stopReason());
        long lastFirst = lastMoveFirst(new SearchSpace(programs, true, symmetric));
        assertEquals(one.states(), lastFirst, "depth first, last move first: " + variant);
        for (int run = 0; run < 3; run++) {
            SnapshotSearch.Result two = new SnapshotSearch(programs, true, symmetric).run(BUDGET.withThreads(2), false);
            assertEquals(one.states(), two.states(), "two threads, run " + run + ": " + variant);
        }
    }

    /** Every move of a state is made before any of them is explored; the last is explored first. */
    private static long lastMoveFirst(SearchSpace space) throws SearchSpace.Stop {
        Set<String> seen = new HashSet<>();
        Deque<SearchSpace.State> stack = new ArrayDeque<>();
        stack.push(space.initial());
        int[] identity = SearchSpace.identity(space.cpuCount);
        while (!stack.isEmpty()) {
            SearchSpace.State state = stack.pop();
            int[] enabled = space.enabledMoves(state, identity);
            if (enabled.length == 0) continue;
            Fingerprint key = new Fingerprint();
            int[] order = space.key(state, key);
            if (!seen.add(key.a() + ":" + key.b())) continue;
            for (int move : space.explored(state, space.enabledMoves(state, order), order)) {
                stack.push(space.successor(state, move));
            }
        }
        return seen.size();
    }

    @Test
    void aCpusHistoryTellsApartOperationsWhoseHashCodesCollide() {
        Op first = new Op("set_memory_ro", 0x1), second = new Op("set_memory_ro", 0x0);
        CpuHistory startedFirst = CpuHistory.NONE.started(0, first, true);
        CpuHistory startedSecond = CpuHistory.NONE.started(0, new Op("touch", 0x1), true).started(1, second, true);
        assertNotEquals(startedFirst, startedSecond);
        assertNotEquals(CpuHistory.NONE.after(1), CpuHistory.NONE.after(1L << 32 | 1));
        assertNotEquals(CpuHistory.NONE.after(null), CpuHistory.NONE.after(false));
    }
}
