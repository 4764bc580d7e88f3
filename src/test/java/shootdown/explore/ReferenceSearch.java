package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import shootdown.machine.Fingerprint;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;

/**
 * A second search, for small spaces, that trusts none of the real search's shortcuts: every
 * interleaving (no reduction), and states told apart by their full text (the machine's canonical
 * text, and for each CPU where its code stands, the operations it started, the signature of
 * every step it took and every value those steps returned), so no fingerprint, no CPU history, no
 * forgetting and no symmetry merges two states here. It shares with the real search only the
 * moves themselves ({@link SearchSpace#successor}).
 *
 * While it walks the space it checks the real search's keys against it:
 * <ul>
 * <li>a key may merge two states only if their futures agree: wherever the numbered key (or the
 * symmetric one) gives two states one key, their moves must lead to the same set of keys (or
 * the same end: an outcome, a hazard). Since that holds at every state, states with one key
 * are alike all the way down, so the real search may explore either;</li>
 * <li>a merge made by the symmetric key must be a renaming of CPUs: the two states' texts (the
 * machine's, written with the CPUs renamed by code apart from the fingerprint's, and each CPU's
 * position and history) must be equal under some permutation of the CPUs.</li>
 * </ul>
 * And it counts the distinct keys among its states: a search without reduction must visit
 * exactly as many.
 */
final class ReferenceSearch {
    /** A key of the real search, all 128 bits. */
    record Key(long a, long b) {
        static Key of(Fingerprint f) {
            return new Key(f.a(), f.b());
        }
    }

    /** What the walk found: states, ends, and what the checks of the real keys said. */
    record Result(long states, long transitions, Set<String> outcomes, Set<Hazard.Kind> hazards, long numberedKeys,
                  long symmetricKeys, List<String> wrongMerges, List<String> notRenamings) {
    }

    private static final int REPORTED = 5;

    private final SearchSpace space;
    private final boolean symmetric;
    private final long maxStates;

    /** Over {@code space} (built without reduction); with {@code symmetric}, checks the symmetric key too. */
    ReferenceSearch(SearchSpace space, boolean symmetric, long maxStates) {
        if (space.reduce) throw new IllegalArgumentException("the reference search takes every move");
        this.space = space;
        this.symmetric = symmetric;
        this.maxStates = maxStates;
    }

    Result run() throws SearchSpace.Stop {
        int cpus = space.cpuCount;
        int[] identity = SearchSpace.identity(cpus);
        List<int[]> orders = permutations(cpus);
        Set<String> seen = new HashSet<>();
        Set<String> outcomes = new TreeSet<>();
        Set<Hazard.Kind> hazards = new TreeSet<>();
        Map<Key, String> numberedFutures = new HashMap<>(), symmetricFutures = new HashMap<>();
        Map<Key, String> symmetricTexts = new HashMap<>();
        List<String> wrongMerges = new ArrayList<>(), notRenamings = new ArrayList<>();
        long states = 0, transitions = 0;
        ArrayDeque<SearchSpace.State> stack = new ArrayDeque<>();
        stack.push(space.initial());
        while (!stack.isEmpty()) {
            SearchSpace.State state = stack.pop();
            if (!seen.add(text(state))) continue;
            String end = end(state, outcomes, hazards);
            if (end != null) continue;
            if (++states > maxStates) throw new IllegalStateException("more than " + maxStates + " states: not a small space");
            List<String> numberedNext = new ArrayList<>(), symmetricNext = new ArrayList<>();
            for (int move : space.enabledMoves(state, identity)) {
                transitions++;
                try {
                    SearchSpace.State next = space.successor(state, move);
                    String nextEnd = end(next, outcomes, hazards);
                    numberedNext.add(nextEnd != null ? nextEnd : key(next, false).toString());
                    // An outcome names CPUs: under symmetry, ends compare by their text up to renaming.
                    if (symmetric) symmetricNext.add(nextEnd == null ? key(next, true).toString()
                            : nextEnd.startsWith("end ") ? "end " + orbitText(next, orders) : nextEnd);
                    stack.push(next);
                } catch (SearchSpace.Stop stop) {
                    hazards.add(stop.hazard.kind());
                    numberedNext.add("hazard " + stop.hazard.kind());
                    symmetricNext.add("hazard " + stop.hazard.kind());
                }
            }
            agree(numberedFutures, key(state, false), numberedNext, state, "numbered", wrongMerges);
            if (!symmetric) continue;
            Key sym = key(state, true);
            agree(symmetricFutures, sym, symmetricNext, state, "symmetric", wrongMerges);
            String orbit = orbitText(state, orders);
            String first = symmetricTexts.putIfAbsent(sym, orbit);
            if (first != null && !first.equals(orbit) && notRenamings.size() < REPORTED) {
                notRenamings.add("the symmetric key " + sym + " merges two states that no renaming of CPUs makes"
                        + " equal:\n  " + first + "\n  " + orbit);
            }
        }
        return new Result(states, transitions, outcomes, hazards, numberedFutures.size(),
                symmetric ? symmetricFutures.size() : 0, wrongMerges, notRenamings);
    }

    /** The state's end (its outcome or hazard, recorded), or null if some move is left. */
    private String end(SearchSpace.State state, Set<String> outcomes, Set<Hazard.Kind> hazards) {
        if (space.enabledMoves(state, SearchSpace.identity(space.cpuCount)).length > 0) return null;
        if (!space.allDone(state)) {
            hazards.add(Hazard.Kind.DEADLOCK);
            return "hazard DEADLOCK";
        }
        try {
            state.core().checkQuiescent();
        } catch (HazardException e) {
            hazards.add(e.hazard().kind());
            return "hazard " + e.hazard().kind();
        }
        String outcome = state.core().inspect().outcome();
        outcomes.add(outcome);
        return "end " + outcome;
    }

    /** Two states with one key must lead to the same keys and ends. */
    private static void agree(Map<Key, String> futures, Key key, List<String> next, SearchSpace.State state,
                              String which, List<String> wrongMerges) {
        String future = new TreeSet<>(next).toString();
        String first = futures.putIfAbsent(key, future);
        if (first != null && !first.equals(future) && wrongMerges.size() < REPORTED) {
            wrongMerges.add("the " + which + " key " + key + " merges states whose moves lead apart:\n  " + first
                    + "\n  " + future + "\n  (the second: " + cpuText(state) + ")");
        }
    }

    private Key key(SearchSpace.State state, boolean symmetricKey) {
        Fingerprint f = new Fingerprint();
        CanonicalOrder.of(state, symmetricKey, f);
        return Key.of(f);
    }

    /** The state's full text: the machine's, then each CPU's whole past. */
    static String text(SearchSpace.State state) {
        return state.core().inspect().encodeState() + "|" + cpuText(state);
    }

    private static String cpuText(SearchSpace.State state) {
        StringBuilder out = new StringBuilder();
        for (SearchSpace.CpuState cpu : state.cpus()) {
            out.append("cpu@").append(cpu.position()).append(cpu.next().ops()).append(Arrays.toString(cpu.signatures()))
                    .append(Arrays.deepToString(cpu.results())).append(';');
        }
        return out.toString();
    }

    /**
     * The smallest of the state's texts over every renaming of its CPUs: the machine's text with
     * CPU {@code order[k]} written as CPU k, then each CPU's position and history in that order.
     * Two states get the same one exactly when some renaming makes them equal.
     */
    private static String orbitText(SearchSpace.State state, List<int[]> orders) {
        String best = null;
        for (int[] order : orders) {
            StringBuilder out = new StringBuilder(state.core().inspect().encodeState(order)).append('|');
            int[] rank = SearchSpace.rank(order);
            for (int cpu : order) {
                SearchSpace.CpuState c = state.cpus()[cpu];
                out.append(c.position()).append(':').append(c.history().text(rank)).append(';');
            }
            String text = out.toString();
            if (best == null || text.compareTo(best) < 0) best = text;
        }
        return best;
    }

    static List<int[]> permutations(int n) {
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
            int t = a[from]; a[from] = a[i]; a[i] = t;
            permute(a, from + 1, out);
            t = a[from]; a[from] = a[i]; a[i] = t;
        }
    }
}
