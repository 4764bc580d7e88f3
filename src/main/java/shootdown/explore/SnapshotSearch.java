package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shootdown.machine.Fingerprint;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;
import shootdown.machine.PendingIpi;
import shootdown.machine.Step;
import shootdown.model.Op;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * Depth-first search of one scenario's state space, or of a whole proof bound's when CPUs pick
 * their operations inside the search ({@link Programs}), state by state, on one thread. Each state
 * keeps a snapshot of the machine and, per CPU, the values its steps returned; a move copies
 * the snapshot and runs one step on the copy, and the CPU that moved is brought to its next
 * step by {@link CpuResume}. So no state is ever rebuilt by replaying the path to it, and no
 * thread waits for another.
 *
 * A state already visited (same machine, every CPU at the same point of its code with the
 * same history) is not explored again; with reduction on, each state is extended only by a
 * {@link PersistentSet} of its moves. When the stack empties, every reachable state was explored.
 */
final class SnapshotSearch {
    /**
     * Where one CPU stands in one state; {@code position} and {@code history} are its part of the
     * state key (not its number).
     */
    private record CpuState(Object[] results, long[] signatures, long resultsHash, long history, CpuResume.Next next,
                            int position) {
        static final int DONE = 0, CHOOSING = 1, AT_STEP = 2;

        static CpuState of(Object[] results, long[] signatures, long resultsHash, long history, CpuResume.Next next) {
            return new CpuState(results, signatures, resultsHash, history, next,
                    next.done() ? DONE : next.choosing() ? CHOOSING : AT_STEP);
        }

        int compareTo(CpuState other) {
            return position != other.position ? Integer.compare(position, other.position)
                    : Long.compare(history, other.history);
        }

        boolean done() {
            return next.done();
        }
    }

    /** A state on a search stack, with the moves still to try from it. */
    private static final class Frame {
        final MachineCore core;
        final CpuState[] cpus;
        final Frame parent; // null at the root
        final int move; // the move that led here from the parent
        List<Integer> moves = List.of();
        int tried;

        Frame(MachineCore core, CpuState[] cpus, Frame parent, int move) {
            this.core = core;
            this.cpus = cpus;
            this.parent = parent;
            this.move = move;
        }

        /** The moves from the root to here. */
        List<Integer> schedule() {
            List<Integer> out = new ArrayList<>();
            for (Frame frame = this; frame.parent != null; frame = frame.parent) out.add(frame.move);
            java.util.Collections.reverse(out);
            return out;
        }
    }

    /** The state {@code at} broke an invariant, or model code failed there. */
    private static final class Stop extends Exception {
        final Hazard hazard;
        final Frame at;

        Stop(Hazard hazard, Frame at) {
            super(null, null, false, false);
            this.hazard = hazard;
            this.at = at;
        }
    }

    private final CpuResume resume;
    private final int cpuCount;
    private final boolean reduce;
    private final boolean forget;
    private final boolean symmetric;
    private final List<LockRule> lockRules;
    private final MachineCore boot;

    SnapshotSearch(Variant variant, Scenario scenario, boolean reduce) {
        this(Programs.of(variant, scenario), reduce, false);
    }

    /**
     * A search of {@code programs}; with {@code symmetric}, CPUs are interchangeable (the model
     * says so, and every CPU runs the same programs), and states that differ only by which CPU is
     * which are one state.
     */
    SnapshotSearch(Programs programs, boolean reduce, boolean symmetric) {
        this.resume = new CpuResume(programs);
        this.cpuCount = programs.cpus;
        this.reduce = reduce;
        this.forget = programs.model.operationsIndependent();
        this.symmetric = symmetric;
        ModelInstance instance = programs.boot();
        this.lockRules = instance.lockRules();
        this.boot = instance.machine();
    }

    /** How the search ended. {@code violation} comes with the schedule reaching it. */
    record Result(List<Integer> violation, Hazard hazard, long transitions, long states, String stopReason,
                  Map<String, List<Integer>> outcomes, String note) {
        Result withNote(String text) {
            return new Result(violation, hazard, transitions, states, stopReason, outcomes, text);
        }
    }

    /** A step broke a promise the model made to the reduction (a footprint, a locking rule). */
    static final class PromiseBroken extends IllegalStateException {
        PromiseBroken(String message) {
            super(message);
        }
    }

    /**
     * The search; if a user's variant breaks a promise the model made to the reduction (its
     * kernel code touches more than the model declares, or writes without a lock the model says
     * guards it), the search starts again without reduction and says so. A built-in variant that
     * does so is the model's own mistake, and stops the search.
     */
    Result run(Budget budget, boolean collectOutcomes) {
        try {
            return search(budget, collectOutcomes);
        } catch (PromiseBroken e) {
            if (!reduce || resume.programs().variant.builtIn()) throw e;
            return new SnapshotSearch(resume.programs(), false, symmetric).search(budget, collectOutcomes)
                    .withNote("explored without partial-order reduction: the variant does not keep a promise the "
                            + "model's reduction relies on (" + e.getMessage() + ")");
        }
    }

    private Result search(Budget budget, boolean collectOutcomes) {
        Search search = new Search(budget, collectOutcomes);
        try {
            CpuState[] start = new CpuState[cpuCount];
            for (int cpu = 0; cpu < cpuCount; cpu++) {
                start[cpu] = resumed(cpu, null, List.of(), new Object[0], new long[0], 0, 0, null);
            }
            expand(new Frame(boot.copy(), start, null, -1), search);
            search.explore();
        } catch (Stop stop) {
            search.violation = stop;
        }
        return search.result();
    }

    /** One search: its stack, visited set, what it found, and the budget it keeps to. */
    private final class Search {
        final Budget budget;
        final long deadline;
        final boolean collectOutcomes;
        final Visited visited = new Visited();
        final Map<String, List<Integer>> outcomes = new LinkedHashMap<>();
        final Deque<Frame> stack = new ArrayDeque<>();
        final Fingerprint key = new Fingerprint();
        long transitions;
        Stop violation;
        String stopReason;

        Search(Budget budget, boolean collectOutcomes) {
            this.budget = budget;
            this.deadline = System.nanoTime() + budget.millis() * 1_000_000L;
            this.collectOutcomes = collectOutcomes;
        }

        /** Depth first until the stack empties (every reachable state explored) or the budget is spent. */
        void explore() throws Stop {
            int turns = 0;
            while (!stack.isEmpty()) {
                if ((++turns & 255) == 0) {
                    stopReason = budgetSpent(budget, deadline, visited);
                    if (stopReason != null) return;
                }
                Frame top = stack.peek();
                if (top.tried == top.moves.size()) {
                    stack.pop();
                    continue;
                }
                Frame child = move(top, top.moves.get(top.tried++));
                transitions++;
                expand(child, this);
            }
        }

        Result result() {
            if (violation != null) {
                return new Result(violation.at == null ? List.of() : violation.at.schedule(), violation.hazard,
                        transitions, visited.size(), "counterexample", outcomes, null);
            }
            return new Result(null, null, transitions, visited.size(), stopReason, outcomes, null);
        }
    }

    static String budgetSpent(Budget budget, long deadline, Visited visited) {
        if (System.nanoTime() > deadline) return "time budget of " + budget.millis() + " ms spent";
        if (visited.size() >= budget.maxStates()) return "state budget of " + budget.maxStates() + " states spent";
        if (Thread.currentThread().isInterrupted()) return "interrupted";
        return null;
    }

    /**
     * Pushes the state if it is new and has moves; checks a final state. A frame that stops the
     * search is pushed first, so the stack spells its schedule.
     */
    private void expand(Frame frame, Search search) throws Stop {
        List<Integer> enabled = enabledMoves(frame);
        if (enabled.isEmpty()) {
            if (!allDone(frame)) throw new Stop(deadlock(frame), frame);
            try {
                frame.core.checkQuiescent();
            } catch (HazardException e) {
                throw new Stop(e.hazard(), frame);
            }
            if (search.collectOutcomes) search.outcomes.putIfAbsent(frame.core.inspect().outcome(), frame.schedule());
            return;
        }
        if (!search.visited.firstVisit(stateHash(frame, search.key))) return;
        boolean choosing = Choice.isPick(enabled.get(0));
        frame.moves = reduce && !choosing
                ? PersistentSet.choose(enabled, processes(frame), ModelPromises.holders(lockRules, frame.core)) : enabled;
        search.stack.push(frame);
    }

    /** The state after {@code move}; a move that breaks an invariant stops the search. */
    private Frame move(Frame from, int move) throws Stop {
        MachineCore core = from.core.copy();
        CpuState[] cpus = from.cpus.clone();
        Frame to = new Frame(core, cpus, from, move);
        try {
            if (Choice.isIpi(move)) {
                core.deliver_ipi(Choice.batch(move), Choice.cpu(move));
                return to;
            }
            int cpu = Choice.cpu(move);
            CpuState state = cpus[cpu];
            if (Choice.isPick(move)) {
                List<Op> ops = CpuResume.started(state.next().ops(), state.next().choices().get(Choice.picked(move)));
                cpus[cpu] = resumed(cpu, state, ops, state.results(), state.signatures(), state.resultsHash(),
                        state.history(), to);
                return to;
            }
            Step<?> step = state.next().step();
            if (reduce) { // only the reduction relies on the promises
                String broken = ModelPromises.broken(cpu, step.footprint(), state.next().declared(), lockRules, from.core);
                if (broken != null) throw new PromiseBroken(broken);
            }
            Object result = step.body().apply(core);
            Object[] results = Arrays.copyOf(state.results(), state.results().length + 1);
            results[results.length - 1] = result;
            long[] signatures = Arrays.copyOf(state.signatures(), state.signatures().length + 1);
            signatures[signatures.length - 1] = step.signature();
            long history = ModelPromises.remember(state.history(), step.resultKept() ? result : null);
            cpus[cpu] = resumed(cpu, state, state.next().ops(), results, signatures,
                    CpuResume.resultsHash(state.resultsHash(), result), history, to);
            return to;
        } catch (HazardException e) {
            throw new Stop(e.hazard(), to);
        }
    }

    /**
     * The CPU resumed after {@code from} (null at the start), having started {@code ops} and
     * returned {@code results}: each operation it starts on the way is folded into its history,
     * and a CPU that finished keeps none (its work is on the machine).
     */
    private CpuState resumed(int cpu, CpuState from, List<Op> ops, Object[] results, long[] signatures, long resultsHash,
                             long history, Frame at)
            throws Stop {
        CpuResume.Next next = resume.next(cpu, ops, results, signatures, resultsHash);
        if (next.hazard() != null) throw new Stop(next.hazard(), at);
        int started = from == null ? 0 : from.next().ops().size();
        for (int index = started; index < next.ops().size(); index++) {
            history = ModelPromises.startOp(history, index, next.ops().get(index), forget);
        }
        if (next.done()) history = 0;
        else if (next.choosing() && forget) history = next.ops().size();
        return CpuState.of(results, signatures, resultsHash, history, next);
    }

    /** A CPU at an operation boundary starts one operation first: the choice is a move of its own that touches nothing. */
    private List<Integer> enabledMoves(Frame frame) {
        List<Integer> out = new ArrayList<>();
        for (int cpu = 0; cpu < cpuCount; cpu++) {
            CpuResume.Next next = frame.cpus[cpu].next();
            if (!next.choosing()) continue;
            for (int index = 0; index < next.choices().size(); index++) out.add(Choice.pick(cpu, index));
            return out;
        }
        for (int cpu = 0; cpu < cpuCount; cpu++) {
            if (!frame.cpus[cpu].done() && canMove(frame, cpu)) out.add(Choice.step(cpu));
        }
        for (int[] ipi : frame.core.inspect().deliverableIpis()) out.add(Choice.ipi(ipi[0], ipi[1]));
        return out;
    }

    private static boolean canMove(Frame frame, int cpu) {
        Step<?> step = frame.cpus[cpu].next().step();
        return step.guard() == null || step.guard().holds(frame.core);
    }

    /** Every CPU about to take a step and every IPI not yet taken, with what each may touch. */
    private List<PersistentSet.Process> processes(Frame frame) {
        List<PersistentSet.Process> out = new ArrayList<>();
        for (int cpu = 0; cpu < cpuCount; cpu++) {
            CpuState state = frame.cpus[cpu];
            if (state.done()) continue;
            Step<?> step = state.next().step();
            out.add(new PersistentSet.Process(Choice.step(cpu), cpu, -1, canMove(frame, cpu),
                    step.guard() == null ? null : step.guard().on(frame.core), step.footprint(),
                    state.next().declared().union(state.next().laterOps())));
        }
        for (PendingIpi ipi : frame.core.inspect().pendingIpis()) {
            out.add(new PersistentSet.Process(Choice.ipi(ipi.batch(), ipi.target()), ipi.target(), ipi.sender(),
                    ipi.deliverable(), null, ipi.footprint(), ipi.footprint()));
        }
        return out;
    }

    private boolean allDone(Frame frame) {
        for (CpuState state : frame.cpus) if (!state.done()) return false;
        return true;
    }

    private Hazard deadlock(Frame frame) {
        List<String> stuck = new ArrayList<>();
        for (int cpu = 0; cpu < cpuCount; cpu++) if (!frame.cpus[cpu].done()) stuck.add("CPU" + cpu);
        return new Hazard(Hazard.Kind.DEADLOCK, frame.core.inspect().steps(), -1, -1,
                "no CPU can move and " + String.join(", ", stuck) + " did not finish", List.of());
    }

    /**
     * Everything that decides the future: shared state, and each CPU's position and history.
     * With interchangeable CPUs, the CPUs are numbered in the order of what tells them apart, so
     * states that differ only by which CPU is which share a key (ties keep their order: a state
     * may then miss a merge, never make a wrong one).
     */
    private StateHash stateHash(Frame frame, Fingerprint key) {
        int[] order = new int[cpuCount];
        for (int cpu = 0; cpu < cpuCount; cpu++) order[cpu] = cpu;
        if (symmetric) {
            for (int i = 1; i < cpuCount; i++) { // insertion sort: a handful of CPUs
                for (int j = i; j > 0 && compareCpus(frame, order[j - 1], order[j]) > 0; j--) {
                    int swap = order[j];
                    order[j] = order[j - 1];
                    order[j - 1] = swap;
                }
            }
        }
        key.reset();
        frame.core.inspect().fingerprint(symmetric ? order : null, key);
        for (int cpu : order) {
            key.add(frame.cpus[cpu].position());
            key.add(frame.cpus[cpu].history());
        }
        return new StateHash(key.a(), key.b());
    }

    private static int compareCpus(Frame frame, int a, int b) {
        int byCode = frame.cpus[a].compareTo(frame.cpus[b]);
        return byCode != 0 ? byCode : frame.core.inspect().compareCpus(a, b);
    }
}
