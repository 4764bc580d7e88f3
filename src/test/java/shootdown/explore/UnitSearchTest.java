package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.machine.Hazard;
import shootdown.model.Model;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * A bound's search cut into work units, as a cluster shares it out: the states above the
 * frontier, and each unit's states below it, together are the whole search's states, each
 * counted once however the units are shared; and a violation is found whether it lies above
 * the frontier or below it.
 */
class UnitSearchTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);
    private final Model cpa = Models.named("cpa");

    private UnitSearch units(Variant variant, int cpus, int ops) {
        return new UnitSearch(variant, SplitAlphabet.OPS, SplitAlphabet.LAYOUT, cpus, ops, null,
                shootdown.machine.FlushMethod.IPI, true);
    }

    /**
     * At 2x2, with a frontier deep enough (36 moves here), CPUs pick their second operations above
     * it as well as below: picks on both sides of the frontier still add up to the whole search.
     */
    @ParameterizedTest(name = "{0}x{1}, {2} units")
    @CsvSource({"2, 1, 8", "2, 2, 1000"})
    void theFrontierAndItsUnitsAreTheWholeSearch(int cpus, int ops, int asked) {
        Variant mainline = cpa.variant("mainline");
        BoundSearch.Result whole = BoundSearch.run(mainline, SplitAlphabet.OPS, SplitAlphabet.LAYOUT, cpus, ops, BUDGET,
                true);
        assertTrue(whole.exhausted());

        UnitSearch search = units(mainline, cpus, ops);
        UnitSearch.KnownStates known = new UnitSearch.KnownStates(Long.MAX_VALUE, 1);
        // What the member that asked learns: the frontier's states, then each unit's, as reported.
        UnitSearch.KnownStates reported = new UnitSearch.KnownStates(Long.MAX_VALUE, 1);
        UnitSearch.Frontier frontier = search.frontier(asked, 50, (first, second) -> {
            known.add(first, second);
            reported.add(first, second);
        });
        assertNull(frontier.violation());
        assertTrue(frontier.units().size() >= asked, frontier.units().size() + " units");
        assertEquals(frontier.states(), known.size(), "every state above the frontier went to the sink");
        long states = frontier.states();
        for (var unit : frontier.units()) {
            UnitSearch.UnitResult r = search.run(unit, known, BUDGET, reported::add);
            assertTrue(r.exhausted(), String.valueOf(r.stopReason()));
            states += r.states();
        }
        assertEquals(whole.states(), states, "the prefix's states and the units' are the whole search's");
        assertEquals(whole.states(), known.size());
        assertEquals(whole.states(), reported.size(), "each unit reports every state it explored");
        // A unit explored again (a member that lost its answer) finds every state known: nothing counts twice.
        assertEquals(0, search.run(frontier.units().get(0), known, BUDGET, (first, second) -> { }).states());
    }

    @Test
    void aViolationIsFoundAboveOrBelowTheFrontier() {
        Variant racy = cpa.variant("no-cpa-lock");
        UnitSearch search = units(racy, 2, 1);
        UnitSearch.Frontier deep = search.frontier(1_000_000, 1_000, (first, second) -> { });
        assertNotNull(deep.violation(), "a frontier that never stops meets the race itself");
        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, deep.violation().kind());
        assertFalse(deep.violationSchedule().isEmpty());

        UnitSearch.Frontier shallow = search.frontier(2, 50, (first, second) -> { });
        assertNull(shallow.violation());
        UnitSearch.KnownStates known = new UnitSearch.KnownStates(Long.MAX_VALUE, 1);
        Hazard found = null;
        for (var unit : shallow.units()) {
            UnitSearch.UnitResult r = search.run(unit, known, BUDGET, (first, second) -> { });
            if (r.violation() != null) {
                found = r.violation();
                assertTrue(r.violationSchedule().subList(0, unit.size()).equals(unit),
                        "a unit's violation comes with the whole schedule, from the initial state");
                assertFalse(r.exhausted());
            }
        }
        assertNotNull(found, "some unit holds the race");
    }

    /**
     * A unit whose own path already breaks an invariant (a member may be handed one) answers with
     * that path: the hazard and the schedule to it, not an empty one.
     */
    @Test
    void aUnitWhosePathBreaksAnInvariantAnswersWithThatPath() {
        Variant racy = cpa.variant("no-cpa-lock");
        UnitSearch search = units(racy, 2, 1);
        List<Integer> race = search.frontier(1_000_000, 1_000, (first, second) -> { }).violationSchedule();
        UnitSearch.UnitResult r = search.run(race, new UnitSearch.KnownStates(Long.MAX_VALUE, 1), BUDGET,
                (first, second) -> { });
        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, r.violation().kind());
        assertEquals(race, r.violationSchedule());
        assertFalse(r.exhausted());
    }

    /** The frontier stops at the first level with enough states, or at the depth asked: here the initial state. */
    @Test
    void theFrontierStopsAsSoonAsItMay() {
        UnitSearch search = units(cpa.variant("mainline"), 2, 1);
        UnitSearch.Frontier one = search.frontier(1, 50, (first, second) -> { });
        assertEquals(java.util.List.of(java.util.List.of()), one.units(), "one unit asked: the initial state is it");
        assertEquals(0, one.states());
        UnitSearch.Frontier shallow = search.frontier(1_000, 0, (first, second) -> { });
        assertEquals(java.util.List.of(java.util.List.of()), shallow.units(), "depth 0: the initial state");
        UnitSearch.Frontier deeper = search.frontier(1_000_000, 2, (first, second) -> { });
        assertTrue(!deeper.units().isEmpty() && deeper.units().stream().allMatch(unit -> unit.size() == 2),
                "at most two levels: every unit two moves down, " + deeper.units());
        UnitSearch.Frontier two = search.frontier(2, 50, (first, second) -> { });
        assertTrue(two.units().size() >= 2 && two.states() >= 1 && two.transitions() >= two.units().size(),
                two.units().size() + " units, " + two.states() + " states, " + two.transitions() + " transitions");
    }

    /** A final state above the frontier is checked as the whole search checks it: here a CPU stuck on its own lock. */
    @Test
    void aDeadlockAboveTheFrontierIsFound() {
        UnitSearch search = units(SearchDeadlockTest.FORGOTTEN_UNLOCK, 1, 1);
        UnitSearch.Frontier frontier = search.frontier(1_000_000, 1_000, (first, second) -> { });
        assertNotNull(frontier.violation());
        assertEquals(Hazard.Kind.DEADLOCK, frontier.violation().kind());
        assertTrue(frontier.units().isEmpty());
    }

    /**
     * So is a hazard of the end, found only once every CPU has finished: MMU-2's leaked shadow
     * page, over every assignment of its scenario's operations to its CPUs.
     */
    @Test
    void aLeakAtQuiescenceAboveTheFrontierIsFound() {
        CatalogueRow mmu2 = Catalogue.find("MMU-2").orElseThrow();
        Scenario scenario = mmu2.scenario();
        List<Op> alphabet = scenario.opsPerCpu().stream().flatMap(List::stream).distinct().toList();
        int ops = scenario.opsPerCpu().stream().mapToInt(List::size).max().orElseThrow();
        UnitSearch search = new UnitSearch(mmu2.variant(), alphabet, scenario.layout(), scenario.cpus(), ops, null,
                shootdown.machine.FlushMethod.IPI, true);
        UnitSearch.Frontier frontier = search.frontier(1_000_000, 1_000, (first, second) -> { });
        assertNotNull(frontier.violation());
        assertEquals(Hazard.Kind.H5_LEAK, frontier.violation().kind());
        assertEquals(-1, frontier.violation().step(), "at quiescence: " + frontier.violation());
    }

    /** A unit cut short by its budget says why, so that the member that asked counts it unfinished. */
    @Test
    void aUnitOutOfBudgetSaysWhy() {
        UnitSearch search = units(cpa.variant("mainline"), 2, 2);
        UnitSearch.UnitResult r = search.run(java.util.List.of(), new UnitSearch.KnownStates(Long.MAX_VALUE, 1),
                new Budget(500, 120_000), (first, second) -> { });
        assertFalse(r.exhausted());
        assertNotNull(r.stopReason());
        assertTrue(r.stopReason().startsWith("state budget of 500 states"), r.stopReason());
    }

    @Test
    void aSetSaysWhenItIsFull() {
        UnitSearch.KnownStates known = new UnitSearch.KnownStates(FingerprintTable.SLOT_BYTES * 64L * 64, 1);
        long[] firsts = new long[100];
        int[] seconds = new int[100];
        for (int i = 0; i < 100; i++) {
            firsts[i] = i + 1; // all in one segment: its first growth is refused
            seconds[i] = i + 1;
        }
        assertTrue(known.addAll(firsts, seconds, 10));
        assertEquals(10, known.size(), "the first n states, no more");
        assertTrue(known.add(firsts[10], seconds[10]));
        assertTrue(known.addWhileSearching(firsts, seconds, 12));
        assertEquals(12, known.size());
        assertFalse(known.addAll(firsts, seconds, 100));
        assertFalse(known.add(1_000, 1));
        assertFalse(known.addWhileSearching(firsts, seconds, 100));
        assertEquals(FingerprintTable.SLOT_BYTES * 64L * 64, known.bytes());
        assertThrows(IllegalArgumentException.class, () -> units(cpa.variant("mainline"), 2, 1)
                .run(java.util.List.of(), known, BUDGET.withThreads(2), (first, second) -> { }));
    }
}
