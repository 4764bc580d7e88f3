package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import shootdown.machine.Fingerprint;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.model.Op;
import shootdown.model.Variant;

/**
 * The symmetric search over a bound against the numbered one: the same verdict, the same hazard
 * kinds, final outcomes of the same orbits, and no more states.
 */
final class SymmetryAgreement {
    private static final Budget BUDGET = new Budget(5_000_000, 120_000);

    private SymmetryAgreement() {
    }

    static void check(Variant variant, List<Op> alphabet, String layout, int cpus, int ops) throws Exception {
        String where = variant + " at " + cpus + "x" + ops;
        Programs programs = Programs.anyOf(variant, alphabet, layout, cpus, ops, null, FlushMethod.IPI);
        SnapshotSearch.Result numbered = new SnapshotSearch(programs, true, false).run(BUDGET, true);
        SnapshotSearch.Result symmetric = new SnapshotSearch(programs, true, true).run(BUDGET, true);
        assertTrue(numbered.violation() != null || numbered.stopReason() == null, where);
        assertTrue(symmetric.violation() != null || symmetric.stopReason() == null, where);
        assertEquals(numbered.violation() == null, symmetric.violation() == null, "verdict of " + where);
        if (numbered.violation() != null) {
            // the kind each found first, the other must find too when counting only it
            for (Hazard.Kind kind : EnumSet.of(numbered.hazard().kind(), symmetric.hazard().kind())) {
                if (!kind.optional()) continue;
                assertEquals(finds(variant, alphabet, layout, cpus, ops, kind, false),
                        finds(variant, alphabet, layout, cpus, ops, kind, true), kind + " in " + where);
            }
            return; // each stopped at its first violation
        }
        assertTrue(symmetric.states() <= numbered.states(), where + ": " + symmetric.states() + " states against "
                + numbered.states());
        assertTrue(numbered.outcomes().keySet().containsAll(symmetric.outcomes().keySet()),
                "every outcome the symmetric search reaches, the numbered one reaches: " + where);
        assertEquals(orbits(programs, numbered.outcomes()), orbits(programs, symmetric.outcomes()),
                "final outcomes of the same orbits: " + where);
    }

    /** Whether the search finds {@code kind} (or a hazard that always counts) when counting only it. */
    private static boolean finds(Variant variant, List<Op> alphabet, String layout, int cpus, int ops, Hazard.Kind kind,
                                 boolean symmetric) {
        SnapshotSearch.Result r = new SnapshotSearch(Programs.anyOf(variant, alphabet, layout, cpus, ops,
                EnumSet.of(kind), FlushMethod.IPI), true, symmetric).run(BUDGET, false);
        assertTrue(r.violation() != null || r.stopReason() == null);
        return r.violation() != null;
    }

    /** The symmetric keys of the final states the schedules reach. */
    private static Set<String> orbits(Programs programs, Map<String, List<Integer>> outcomes) throws Exception {
        SearchSpace space = new SearchSpace(programs, true, false);
        Set<String> out = new TreeSet<>();
        Fingerprint key = new Fingerprint();
        for (List<Integer> schedule : outcomes.values()) {
            SearchSpace.State state = space.initial();
            for (int move : schedule) state = space.successor(state, move);
            assertTrue(space.allDone(state));
            CanonicalOrder.of(state, true, key);
            out.add(key.a() + ":" + key.b());
        }
        return out;
    }
}
