package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import shootdown.machine.Fingerprint;
import shootdown.machine.Hazard;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * What CPU symmetry promises, checked on real explorations: the states reachable from a
 * scenario, and from the same scenario with its CPUs' programs permuted, are the same states
 * but for which CPU is which, so the keys a symmetric search gives them must be the same set.
 * A device that names CPUs and forgets to rename them, a step that hands code a bare CPU
 * number, a CPU whose code state differs from its neighbours' (a layout that boots them unlike),
 * or code that walks CPUs in their numbers' order each make the two sets differ.
 *
 * Every interleaving is explored (no partial-order reduction, which relies on the key), and
 * states are told apart by their numbered keys, which rename nothing.
 */
final class CpuSymmetryCheck {
    private CpuSymmetryCheck() {
    }

    /** The symmetric keys of every state reachable from {@code scenario} (finals and hazards too). */
    static Set<String> keys(Variant variant, Scenario scenario) throws SearchSpace.Stop {
        Set<String> symmetricKeys = new TreeSet<>();
        Fingerprint key = new Fingerprint();
        forEachReachable(new SearchSpace(Programs.of(variant, scenario), false, false), state -> {
            CanonicalOrder.of(state, true, key);
            symmetricKeys.add(key.a() + ":" + key.b());
        }, hazard -> symmetricKeys.add("hazard " + hazard.kind()));
        return symmetricKeys;
    }

    /**
     * Visits every state reachable in {@code space} once (states told apart by their numbered
     * keys), taking every move from each; {@code stopped} hears of every move that broke an invariant.
     */
    static void forEachReachable(SearchSpace space, Consumer<SearchSpace.State> visit, Consumer<Hazard> stopped)
            throws SearchSpace.Stop {
        Set<String> seen = new HashSet<>();
        Deque<SearchSpace.State> stack = new ArrayDeque<>();
        stack.push(space.initial());
        int[] identity = SearchSpace.identity(space.cpuCount);
        Fingerprint key = new Fingerprint();
        while (!stack.isEmpty()) {
            SearchSpace.State state = stack.pop();
            CanonicalOrder.of(state, false, key);
            if (!seen.add(key.a() + ":" + key.b())) continue;
            visit.accept(state);
            for (int move : space.enabledMoves(state, identity)) {
                try {
                    stack.push(space.successor(state, move));
                } catch (SearchSpace.Stop stop) {
                    stopped.accept(stop.hazard);
                }
            }
        }
    }

    /** {@code scenario} with CPU k running what CPU {@code order[k]} ran. */
    static Scenario permuted(Scenario scenario, int[] order) {
        List<List<Op>> ops = new ArrayList<>();
        for (int cpu : order) ops.add(scenario.opsPerCpu().get(cpu));
        return new Scenario(scenario.name(), scenario.layout(), scenario.story(), ops, scenario.counted());
    }

    /** Every order of {@code n} CPUs, the identity first. */
    static List<int[]> orders(int n) {
        List<int[]> out = new ArrayList<>();
        permute(SearchSpace.identity(n), 0, out);
        return out;
    }

    private static void permute(int[] a, int from, List<int[]> out) {
        if (from == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = from; i < a.length; i++) {
            int t = a[from];
            a[from] = a[i];
            a[i] = t;
            permute(a, from + 1, out);
            a[i] = a[from];
            a[from] = t;
        }
    }

    /**
     * Null if every permutation of {@code scenario}'s CPUs reaches the same symmetric keys; else
     * the first permutation that does not, in words.
     */
    static String firstAsymmetry(Variant variant, Scenario scenario) throws SearchSpace.Stop {
        Set<String> reference = keys(variant, scenario);
        for (int[] order : orders(scenario.cpus())) {
            Scenario other = permuted(scenario, order);
            Set<String> keys = keys(variant, other);
            if (!keys.equals(reference)) {
                Set<String> onlyOne = new TreeSet<>(reference);
                onlyOne.removeAll(keys);
                Set<String> onlyOther = new TreeSet<>(keys);
                onlyOther.removeAll(reference);
                return other.describeOps() + " reaches " + keys.size() + " symmetric keys, " + scenario.describeOps()
                        + " " + reference.size() + " (" + onlyOne.size() + " only in the first, " + onlyOther.size()
                        + " only in the permuted)";
            }
        }
        return null;
    }
}
