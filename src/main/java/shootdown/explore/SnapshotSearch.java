package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import shootdown.machine.Fingerprint;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * Depth-first search of one scenario's state space, or of a whole proof bound's when CPUs pick
 * their operations inside the search ({@link Programs}), over the states of a
 * {@link SearchSpace}, on one thread or several.
 *
 * Each thread runs a depth-first search of its own; they share the visited set (a
 * {@link FingerprintTable}), so a state is explored by whichever thread reaches it first. A
 * thread whose stack is empty takes an untried move from the bottom of another's stack (the
 * moves with the most work below them) and explores from there. The search ends when every
 * thread is idle. Whatever the threads' timing, the states explored are the same: each state's
 * moves (a persistent set with reduction) depend on the state alone, and with interchangeable
 * CPUs its key and moves do not depend on which member of its orbit was reached first
 * ({@link CanonicalOrder}); so the count of distinct states of an exhausted search is the
 * same for any number of threads. Only the transitions taken may differ by a few (two threads
 * may race to a state).
 */
final class SnapshotSearch {
    /** A state on a search stack, with the moves still to try from it (taken under its stack's lock). */
    private static final class Frame {
        final SearchSpace.State state;
        final Frame parent; // null at the root
        final int move; // the move that led here from the parent
        final int depth;
        /**
         * The share of the search tree below this frame: 1 at the root, split evenly among a
         * frame's moves. The shares of the subtrees finished so far add up to the progress estimate
         * (Knuth's estimate of a backtracking tree's size, on the tree the visited set prunes).
         */
        final double share;
        int[] moves = new int[0];
        int tried;

        Frame(SearchSpace.State state, Frame parent, int move) {
            this.state = state;
            this.parent = parent;
            this.move = move;
            this.depth = parent == null ? 0 : parent.depth + 1;
            this.share = parent == null ? 1.0 : parent.share / Math.max(1, parent.moves.length);
        }

        /** The moves from the root to here. */
        List<Integer> schedule() {
            List<Integer> out = new ArrayList<>();
            for (Frame frame = this; frame.parent != null; frame = frame.parent) out.add(frame.move);
            Collections.reverse(out);
            return out;
        }
    }

    /** How the search ended. {@code violation} comes with the schedule reaching it. */
    /** {@code finished}: the share of the search tree finished (1 when exhausted; see {@link Frame#share}). */
    record Result(List<Integer> violation, Hazard hazard, long transitions, long states, String stopReason,
                  Map<String, List<Integer>> outcomes, String note, long tableBytes, double finished) {
        Result withNote(String text) {
            return new Result(violation, hazard, transitions, states, stopReason, outcomes, text, tableBytes, finished);
        }
    }

    /** A step broke a promise the model made to the reduction (a footprint, a locking rule). */
    static final class PromiseBroken extends IllegalStateException {
        PromiseBroken(String message) {
            super(message);
        }
    }

    private final Programs programs;
    private final boolean reduce;
    private final boolean symmetric;
    private final boolean checkFootprints;
    private final Planted planted;

    SnapshotSearch(Variant variant, Scenario scenario, boolean reduce) {
        this(Programs.of(variant, scenario), reduce, false);
    }

    /**
     * A search of {@code programs}; with {@code symmetric}, CPUs are interchangeable (the model
     * says so, and every CPU runs the same programs), and states that differ only by which CPU is
     * which are one state.
     */
    SnapshotSearch(Programs programs, boolean reduce, boolean symmetric) {
        this(programs, reduce, symmetric, false, Planted.NONE);
    }

    /** The same, checking every move's real reads and writes against its footprint if asked; {@code planted}: tests only. */
    SnapshotSearch(Programs programs, boolean reduce, boolean symmetric, boolean checkFootprints, Planted planted) {
        this.programs = programs;
        this.reduce = reduce;
        this.symmetric = symmetric;
        this.checkFootprints = checkFootprints;
        this.planted = planted;
    }

    /**
     * The search; if a user's variant breaks a promise the model made to the reduction (its
     * kernel code touches more than the model declares, or writes without a lock the model says
     * guards it), the search starts again without reduction and says so. A built-in variant that
     * does so is the model's own mistake, and stops the search.
     */
    Result run(Budget budget, boolean collectOutcomes) {
        return run(budget, collectOutcomes, Progress.NONE, 0);
    }

    /** The same, reporting to {@code progress} every {@code everyMillis} (never if zero). */
    Result run(Budget budget, boolean collectOutcomes, Progress progress, long everyMillis) {
        try {
            return new Search(new SearchSpace(programs, reduce, symmetric, checkFootprints, planted), budget,
                    collectOutcomes, progress, everyMillis).run();
        } catch (PromiseBroken e) {
            if (!reduce || programs.variant.builtIn()) throw e;
            return new Search(new SearchSpace(programs, false, symmetric, checkFootprints, planted), budget,
                    collectOutcomes, progress, everyMillis).run()
                    .withNote("explored without partial-order reduction: the variant does not keep a promise the "
                            + "model's reduction relies on (" + e.getMessage() + ")");
        }
    }

    /**
     * A search of the states below one state, the one {@code root} (moves from the initial state)
     * leads to: a work unit of a search shared by several machines. It uses {@code visited} (made
     * for {@code budget.threads()} threads), which may hold states already: those are not explored
     * again. Violations come with the whole schedule from the initial state. Afterwards {@code out}
     * receives the fingerprint of every state this search put in the table; the result counts those.
     */
    Result runFrom(List<Integer> root, FingerprintTable visited, Budget budget, FingerprintTable.Visitor out) {
        Search search = new Search(new SearchSpace(programs, reduce, symmetric), budget, false, Progress.NONE, 0,
                root, visited);
        Result result = search.run();
        long fresh = 0;
        for (Worker w : search.workers) {
            fresh += w.freshCount;
            for (int i = 0; i < w.freshCount; i++) out.visit(w.freshFirsts[i], w.freshSeconds[i]);
        }
        return new Result(result.violation(), result.hazard(), result.transitions(), fresh, result.stopReason(),
                result.outcomes(), result.note(), result.tableBytes(), result.finished());
    }

    static String budgetSpent(Budget budget, long deadline, Visited visited) {
        String stop = budget.timeOrSignal(deadline);
        if (stop != null) return stop;
        if (visited.size() >= budget.maxStates()) return "state budget of " + budget.maxStates() + " states spent";
        if (Thread.currentThread().isInterrupted()) return "interrupted";
        return null;
    }

    /** Of two schedules reaching one outcome, the shorter (then the smaller): the same whatever the threads did. */
    static List<Integer> earlier(List<Integer> a, List<Integer> b) {
        if (a.size() != b.size()) return a.size() < b.size() ? a : b;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) return a.get(i) < b.get(i) ? a : b;
        }
        return a;
    }

    /** One search: the shared table and stop flags, and one worker per thread. */
    private static final class Search {
        final SearchSpace space;
        final Budget budget;
        final long deadline;
        final boolean collectOutcomes;
        final Progress progress;
        final long start = System.nanoTime();
        final long reportEveryNanos;
        long nextReport;
        final FingerprintTable visited;
        /** The moves from the initial state to where this search starts (none for a whole search). */
        final List<Integer> root;
        /** True when the table was given (it may hold states already): each worker keeps what it put in. */
        final boolean keepFresh;
        final Worker[] workers;
        /** Workers that have or may get work; the search is over when it drops to zero. */
        final AtomicInteger busy;
        final AtomicReference<String> stopReason = new AtomicReference<>();
        final AtomicReference<Violation> violation = new AtomicReference<>();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        volatile boolean stopping;

        record Violation(Hazard hazard, List<Integer> schedule) {
        }

        Search(SearchSpace space, Budget budget, boolean collectOutcomes, Progress progress, long everyMillis) {
            this(space, budget, collectOutcomes, progress, everyMillis, List.of(), null);
        }

        Search(SearchSpace space, Budget budget, boolean collectOutcomes, Progress progress, long everyMillis,
               List<Integer> root, FingerprintTable table) {
            this.space = space;
            this.root = List.copyOf(root);
            this.keepFresh = table != null;
            this.budget = budget;
            this.deadline = start + budget.millis() * 1_000_000L;
            this.collectOutcomes = collectOutcomes;
            this.progress = progress;
            this.reportEveryNanos = everyMillis * 1_000_000L;
            this.nextReport = start + reportEveryNanos;
            int threads = Math.max(1, budget.threads());
            this.visited = table != null ? table : new FingerprintTable(budget.maxBytes(), threads);
            this.workers = new Worker[threads];
            for (int i = 0; i < threads; i++) workers[i] = new Worker(this, i);
            this.busy = new AtomicInteger(threads);
        }

        Result run() {
            Thread caller = Thread.currentThread();
            try {
                SearchSpace.State state = space.initial();
                for (int k = 0; k < root.size(); k++) {
                    try {
                        state = space.successor(state, root.get(k));
                    } catch (SearchSpace.Stop stop) {
                        violation.set(new Violation(stop.hazard, root.subList(0, k + 1)));
                        throw stop;
                    }
                }
                workers[0].expand(new Frame(state, null, -1));
            } catch (SearchSpace.Stop stop) {
                violation.compareAndSet(null, new Violation(stop.hazard, List.of()));
            }
            if (violation.get() == null) {
                List<Thread> threads = new ArrayList<>();
                for (int i = 1; i < workers.length; i++) {
                    Worker w = workers[i];
                    Thread t = new Thread(() -> w.run(caller), "explorer-" + i);
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
                workers[0].run(caller);
                for (Thread t : threads) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        stop("interrupted");
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (failure.get() != null) throw failure.get();
            long transitions = 0;
            double finished = 0;
            Map<String, List<Integer>> outcomes = new LinkedHashMap<>();
            for (Worker w : workers) {
                transitions += w.transitions;
                finished += w.finished;
                w.outcomes.forEach((outcome, schedule) -> outcomes.merge(outcome, schedule, SnapshotSearch::earlier));
            }
            Violation v = violation.get();
            if (v != null) {
                return new Result(v.schedule(), v.hazard(), transitions, visited.size(), "counterexample", outcomes,
                        null, visited.bytes(), finished);
            }
            return new Result(null, null, transitions, visited.size(), stopReason.get(), outcomes, null,
                    visited.bytes(), finished);
        }

        void stop(String reason) {
            stopReason.compareAndSet(null, reason);
            stopping = true;
        }

        void found(Hazard hazard, List<Integer> schedule) {
            if (!root.isEmpty()) {
                List<Integer> whole = new ArrayList<>(root);
                whole.addAll(schedule);
                schedule = whole;
            }
            violation.compareAndSet(null, new Violation(hazard, schedule));
            stopping = true;
        }

        /** Worker 0 reports, when the time for it has come; the others' stacks are read under their locks. */
        void maybeReport(long now) {
            if (reportEveryNanos == 0 || now < nextReport) return;
            nextReport = now + reportEveryNanos;
            progress.report(snapshot(now));
        }

        Progress.Snapshot snapshot(long now) {
            int depth = 0;
            long transitions = 0;
            for (Worker w : workers) {
                synchronized (w) {
                    Frame top = w.stack.peek();
                    if (top != null) depth = Math.max(depth, top.depth);
                }
                transitions += w.transitions; // a racy read: a progress figure, not a result
            }
            double finished = 0;
            for (Worker w : workers) finished += w.finishedShown;
            return new Progress.Snapshot(visited.size(), transitions, depth, visited.bytes(),
                    (now - start) / 1_000_000, Math.min(1.0, finished));
        }

        String budgetSpent(Thread caller) {
            String stop = budget.timeOrSignal(deadline);
            if (stop != null) return stop;
            if (visited.size() >= budget.maxStates()) return "state budget of " + budget.maxStates() + " states spent";
            if (caller.isInterrupted()) return "interrupted";
            return null;
        }
    }

    /** One thread's depth-first search: its stack, guarded by the worker itself, which thieves lock too. */
    private static final class Worker {
        final Search search;
        final int index;
        final ArrayDeque<Frame> stack = new ArrayDeque<>();
        final Fingerprint key = new Fingerprint();
        final Map<String, List<Integer>> outcomes = new LinkedHashMap<>();
        long transitions;
        /** The shares of the subtrees this worker finished (compensated sum: the shares get tiny), and as last published. */
        private double finished, lost;
        volatile double finishedShown;
        /** With a table given: the fingerprints this worker put in it, as the table stores them. */
        long[] freshFirsts = new long[0];
        int[] freshSeconds = new int[0];
        int freshCount;

        void keepFresh(long a, long b) {
            if (freshCount == freshFirsts.length) {
                freshFirsts = java.util.Arrays.copyOf(freshFirsts, Math.max(256, 2 * freshCount));
                freshSeconds = java.util.Arrays.copyOf(freshSeconds, freshFirsts.length);
            }
            freshFirsts[freshCount] = FingerprintTable.storedFirst(a);
            freshSeconds[freshCount++] = FingerprintTable.storedSecond(b);
        }

        /** A subtree is finished: a final state, a state seen before, or a state's last move taken. */
        private void finished(double share) {
            double y = share - lost;
            double t = finished + y;
            lost = (t - finished) - y;
            finished = t;
        }

        Worker(Search search, int index) {
            this.search = search;
            this.index = index;
        }

        void run(Thread caller) {
            try {
                work(caller);
            } catch (FingerprintTable.Full e) {
                search.stop("memory budget spent: " + e.getMessage());
            } catch (OutOfMemoryError e) {
                search.stop("out of memory (raise --max-memory or the JVM's -Xmx)");
            } catch (RuntimeException e) {
                search.failure.compareAndSet(null, e);
                search.stopping = true;
            } finally {
                synchronized (this) {
                    stack.clear(); // let the states go
                }
            }
        }

        private void work(Thread caller) {
            int turns = 0;
            boolean idle = false;
            while (!search.stopping) {
                if ((++turns & 255) == 0) {
                    finishedShown = finished;
                    if (index == 0) search.maybeReport(System.nanoTime());
                    String spent = search.budgetSpent(caller);
                    if (spent != null) {
                        search.stop(spent);
                        return;
                    }
                }
                Frame from;
                int move;
                synchronized (this) {
                    from = stack.peek();
                    if (from != null && from.tried == from.moves.length) {
                        stack.pop();
                        continue;
                    }
                    move = from == null ? 0 : from.moves[from.tried++];
                }
                if (from == null) {
                    Frame[] stolen = new Frame[1];
                    int[] stolenMove = new int[1];
                    if (steal(stolen, stolenMove, idle)) {
                        idle = false;
                        take(stolen[0], stolenMove[0]);
                        continue;
                    }
                    if (!idle) {
                        idle = true;
                        if (search.busy.decrementAndGet() == 0) return;
                    } else if (search.busy.get() == 0) {
                        return;
                    }
                    Thread.onSpinWait();
                    continue;
                }
                take(from, move);
            }
        }

        private void take(Frame from, int move) {
            transitions++;
            Frame child;
            try {
                child = new Frame(search.space.successor(from.state, move), from, move);
            } catch (SearchSpace.Stop stop) {
                Frame at = new Frame(from.state, from, move);
                search.found(stop.hazard, at.schedule());
                return;
            }
            expand(child);
        }

        /**
         * Pushes the state if it is new and has moves; checks a final state. A thief that finds
         * work while it was idle is counted busy again before it leaves the victim's lock (so
         * the count never reaches zero while work remains).
         */
        void expand(Frame frame) {
            SearchSpace space = search.space;
            int[] order = space.symmetric ? null : SearchSpace.identity(space.cpuCount);
            int[] enabled = space.enabledMoves(frame.state, order == null ? SearchSpace.identity(space.cpuCount) : order);
            if (enabled.length == 0) {
                finished(frame.share);
                if (!space.allDone(frame.state)) {
                    search.found(space.deadlock(frame.state), frame.schedule());
                    return;
                }
                try {
                    frame.state.core().checkQuiescent();
                } catch (HazardException e) {
                    search.found(e.hazard(), frame.schedule());
                    return;
                }
                if (search.collectOutcomes) outcomes.putIfAbsent(frame.state.core().inspect().outcome(), frame.schedule());
                return;
            }
            int[] canonical = space.key(frame.state, key);
            if (!search.visited.insert(index, key.a(), key.b())) {
                finished(frame.share);
                return;
            }
            if (search.keepFresh) keepFresh(key.a(), key.b());
            // Only which choosing CPU picks first depends on the order; steps and IPIs do not.
            if (space.symmetric && Choice.isPick(enabled[0])) enabled = space.enabledMoves(frame.state, canonical);
            frame.moves = space.explored(frame.state, enabled, canonical);
            if (frame.moves.length == 0) finished(frame.share);
            synchronized (this) {
                stack.push(frame);
            }
        }

        /**
         * An untried move of the bottom-most frame of another worker's stack that has one. An idle
         * thief is counted busy again before it leaves the victim's lock, so the count of busy
         * workers never reaches zero while a move is still to be taken.
         */
        private boolean steal(Frame[] frame, int[] move, boolean idle) {
            for (int k = 1; k < search.workers.length; k++) {
                Worker victim = search.workers[(index + k) % search.workers.length];
                synchronized (victim) {
                    for (Iterator<Frame> it = victim.stack.descendingIterator(); it.hasNext(); ) {
                        Frame f = it.next();
                        if (f.tried < f.moves.length) {
                            frame[0] = f;
                            move[0] = f.moves[f.tried++];
                            if (idle) search.busy.incrementAndGet();
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
