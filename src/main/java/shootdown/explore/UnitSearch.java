package shootdown.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import shootdown.machine.Fingerprint;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.model.Op;
import shootdown.model.Variant;

/**
 * A proof bound's search cut into work units, for a search shared by several machines
 * ({@code shootdown.cluster}): the first few levels of the state space, breadth first
 * ({@link #frontier}), and below each state of the level where that stops (a unit, named by the
 * moves that reach it from the initial state) a depth-first search of its own ({@link #run}).
 *
 * Both make exactly the choices the whole search makes ({@link SnapshotSearch}): the same moves
 * from each state, the same states counted (those with moves), the same final-state checks. So
 * the prefix's states and the units' states together are the whole search's states, whoever
 * explores each unit and however often.
 */
public final class UnitSearch {
    /** Receives a state's fingerprint, as the two words a visited-state table stores. */
    @FunctionalInterface
    public interface Sink {
        void accept(long first, int second);
    }

    /** The first levels: their states, the units below them, or a violation found on the way. */
    public record Frontier(List<List<Integer>> units, long states, long transitions, Hazard violation,
                           List<Integer> violationSchedule) {
    }

    /** One unit's search: the states it explored itself (states already known are not). */
    public record UnitResult(long states, long transitions, Hazard violation, List<Integer> violationSchedule,
                             String stopReason) {
        public boolean exhausted() {
            return violation == null && stopReason == null;
        }
    }

    /**
     * A set of states in a visited-state table: on a member, the states whose whole future it has
     * explored or is exploring (a unit's search puts its states in and skips those already in);
     * on the member that asked, every distinct state of the proof.
     */
    public static final class KnownStates {
        private final FingerprintTable table;
        private final int threads;

        /**
         * @param threads how many threads a unit's search on this set may use (one more may add
         *                states while it runs: {@link #addWhileSearching})
         */
        public KnownStates(long maxBytes, int threads) {
            this.table = new FingerprintTable(maxBytes, threads + 1);
            this.threads = threads;
        }

        /**
         * Adds states from one thread (always the same one) while a unit's search may be using
         * the set: the search skips those it has not reached yet. False if the set filled up.
         */
        public boolean addWhileSearching(long[] firsts, int[] seconds, int n) {
            try {
                for (int i = 0; i < n; i++) table.insert(threads, firsts[i], seconds[i]);
                return true;
            } catch (FingerprintTable.Full e) {
                return false;
            }
        }

        /** Adds a state; false if the set is full (it then stays as it is). Not while a unit's search uses the set. */
        public synchronized boolean add(long first, int second) {
            try {
                table.insert(0, first, second);
                return true;
            } catch (FingerprintTable.Full e) {
                return false;
            }
        }

        /** Adds the first {@code n} states of the arrays; false if the set filled up on the way. */
        public synchronized boolean addAll(long[] firsts, int[] seconds, int n) {
            try {
                for (int i = 0; i < n; i++) table.insert(0, firsts[i], seconds[i]);
                return true;
            } catch (FingerprintTable.Full e) {
                return false;
            }
        }

        public long size() {
            return table.size();
        }

        /** Bytes the set's table takes now. */
        public long bytes() {
            return table.bytes();
        }
    }

    private final Programs programs;
    private final boolean reduce;
    private final boolean symmetric;

    public UnitSearch(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                      Set<Hazard.Kind> counted, FlushMethod flush, boolean reduce) {
        this.programs = Programs.anyOf(variant, alphabet, layout, cpus, opsPerCpu, counted, flush);
        this.reduce = reduce;
        this.symmetric = variant.model().cpusInterchangeable(variant, layout); // as BoundSearch decides
    }

    /**
     * Breadth first from the initial state, level by level, until a level holds at least
     * {@code units} states with moves (or {@code maxDepth} levels): each state above it goes to
     * {@code out}, each state of it becomes a unit (one per distinct state). Final states met on
     * the way are checked as the whole search checks them.
     */
    public Frontier frontier(int units, int maxDepth, Sink out) {
        SearchSpace space = new SearchSpace(programs, reduce, symmetric);
        FingerprintTable prefix = new FingerprintTable(Long.MAX_VALUE, 1);
        Fingerprint key = new Fingerprint();
        long transitions = 0;
        List<Node> level = new ArrayList<>();
        try {
            level.add(new Node(space.initial(), List.of()));
        } catch (SearchSpace.Stop stop) {
            return new Frontier(List.of(), 0, 0, stop.hazard, List.of());
        }
        for (int depth = 0; ; depth++) {
            FingerprintTable inLevel = new FingerprintTable(Long.MAX_VALUE, 1);
            List<Node> kept = new ArrayList<>();
            for (Node node : level) { // the states of this level with moves, once each
                int[] enabled = space.enabledMoves(node.state, SearchSpace.identity(space.cpuCount));
                if (enabled.length == 0) {
                    Hazard broken = finalCheck(space, node.state);
                    if (broken != null) return new Frontier(List.of(), prefix.size(), transitions, broken, node.schedule);
                    continue;
                }
                space.key(node.state, key);
                if (prefix.contains(key.a(), key.b()) || !inLevel.insert(0, key.a(), key.b())) continue;
                kept.add(node);
            }
            if (kept.size() >= units || depth == maxDepth || kept.isEmpty()) {
                List<List<Integer>> schedules = new ArrayList<>();
                for (Node node : kept) schedules.add(node.schedule);
                prefix.forEach(out::accept);
                return new Frontier(schedules, prefix.size(), transitions, null, null);
            }
            List<Node> next = new ArrayList<>();
            for (Node node : kept) {
                int[] enabled = space.enabledMoves(node.state, SearchSpace.identity(space.cpuCount));
                int[] canonical = space.key(node.state, key);
                prefix.insert(0, key.a(), key.b());
                if (space.symmetric && Choice.isPick(enabled[0])) enabled = space.enabledMoves(node.state, canonical);
                for (int move : space.explored(node.state, enabled, canonical)) {
                    transitions++;
                    List<Integer> schedule = new ArrayList<>(node.schedule);
                    schedule.add(move);
                    try {
                        next.add(new Node(space.successor(node.state, move), List.copyOf(schedule)));
                    } catch (SearchSpace.Stop stop) {
                        return new Frontier(List.of(), prefix.size(), transitions, stop.hazard, schedule);
                    }
                }
            }
            level = next;
        }
    }

    private static Hazard finalCheck(SearchSpace space, SearchSpace.State state) {
        if (!space.allDone(state)) return space.deadlock(state);
        try {
            state.core().checkQuiescent();
            return null;
        } catch (HazardException e) {
            return e.hazard();
        }
    }

    private record Node(SearchSpace.State state, List<Integer> schedule) {
    }

    /**
     * The depth-first search below the unit {@code root}, skipping the states in {@code known}
     * and putting its own there (on at most the set's threads); every state it put there goes to
     * {@code out} afterwards (whether or not it was exhausted: the caller decides what a stopped
     * unit's states are worth). One unit at a time per set.
     */
    public UnitResult run(List<Integer> root, KnownStates known, Budget budget, Sink out) {
        if (budget.threads() > known.threads) throw new IllegalArgumentException("more threads than the set was made for");
        SnapshotSearch.Result r;
        synchronized (known) {
            r = new SnapshotSearch(programs, reduce, symmetric).runFrom(root, known.table, budget, out::accept);
        }
        return new UnitResult(r.states(), r.transitions(), r.hazard(), r.violation(),
                r.violation() == null ? r.stopReason() : null);
    }
}
