package shootdown.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import shootdown.machine.Fingerprint;
import shootdown.machine.Footprint;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;
import shootdown.machine.PendingIpi;
import shootdown.machine.Step;
import shootdown.model.ModelInstance;
import shootdown.model.Op;

/**
 * The states of one search and the moves between them: a state is a snapshot of the machine
 * and, per CPU, where its code stands ({@link CpuState}); a move copies the snapshot and takes
 * one step on the copy. Nothing here changes a state once made, so any search thread may read
 * any state. The CPUs' code is brought to its next step by {@link CpuResume}.
 */
final class SearchSpace {
    /**
     * Where one CPU stands in one state: the values its steps returned (and which steps they
     * were), their running hash, its history (the part of its past its code keeps), its next
     * step, and its position (done, choosing an operation, at a step).
     */
    record CpuState(Object[] results, long[] signatures, long resultsHash, CpuHistory history, CpuResume.Next next,
                    int position) {
        static final int DONE = 0, CHOOSING = 1, AT_STEP = 2;

        static CpuState of(Object[] results, long[] signatures, long resultsHash, CpuHistory history, CpuResume.Next next) {
            return new CpuState(results, signatures, resultsHash, history, next,
                    next.done() ? DONE : next.choosing() ? CHOOSING : AT_STEP);
        }

        int compareTo(CpuState other) {
            return position != other.position ? Integer.compare(position, other.position)
                    : history.compareTo(other.history);
        }

        boolean done() {
            return next.done();
        }
    }

    /** A state: the machine, and where each CPU stands. */
    record State(MachineCore core, CpuState[] cpus) {
    }

    /** A move broke an invariant (or model code failed): the hazard, at the state it led to. */
    static final class Stop extends Exception {
        final Hazard hazard;

        Stop(Hazard hazard) {
            super(null, null, false, false);
            this.hazard = hazard;
        }
    }

    private final CpuResume resume;
    final int cpuCount;
    final boolean reduce;
    final boolean symmetric;
    private final boolean forget;
    private final List<LockRule> lockRules;
    private final MachineCore boot;
    /** Whether each move's real reads and writes are checked against its declared footprint. */
    final boolean checkFootprints;
    private final Planted planted;

    SearchSpace(Programs programs, boolean reduce, boolean symmetric) {
        this(programs, reduce, symmetric, false, Planted.NONE);
    }

    SearchSpace(Programs programs, boolean reduce, boolean symmetric, boolean checkFootprints, Planted planted) {
        this.checkFootprints = checkFootprints;
        this.planted = planted;
        this.resume = new CpuResume(programs);
        this.cpuCount = programs.cpus;
        this.reduce = reduce;
        this.forget = programs.model.operationsIndependent();
        this.symmetric = symmetric;
        ModelInstance instance = programs.boot();
        this.lockRules = instance.lockRules();
        this.boot = instance.machine();
    }

    State initial() throws Stop {
        CpuState[] start = new CpuState[cpuCount];
        for (int cpu = 0; cpu < cpuCount; cpu++) start[cpu] = resumed(cpu, null, List.of(), new Object[0], new long[0], 0, CpuHistory.NONE);
        return new State(boot.copy(), start);
    }

    /** The state after {@code move}; a move that breaks an invariant stops with its hazard. */
    State successor(State from, int move) throws Stop {
        MachineCore core = from.core().copy();
        CpuState[] cpus = from.cpus().clone();
        try {
            if (Choice.isIpi(move)) {
                if (checkFootprints) core.inspect().startRecordingAccesses();
                core.deliver_ipi(Choice.batch(move), Choice.cpu(move));
                if (checkFootprints) checkIpi(from, move, core.inspect().accessesRecorded());
                return new State(core, cpus);
            }
            int cpu = Choice.cpu(move);
            CpuState state = cpus[cpu];
            if (Choice.isPick(move)) {
                List<Op> ops = CpuResume.started(state.next().ops(), state.next().choices().get(Choice.picked(move)));
                cpus[cpu] = resumed(cpu, state, ops, state.results(), state.signatures(), state.resultsHash(),
                        state.history());
                return new State(core, cpus);
            }
            Step<?> step = state.next().step();
            Footprint declared = planted.footprint(step);
            if (reduce) { // only the reduction relies on the promises
                String broken = ModelPromises.broken(cpu, declared, state.next().declared(), lockRules,
                        from.core());
                if (broken != null) throw new SnapshotSearch.PromiseBroken(broken);
            }
            if (checkFootprints) core.inspect().startRecordingAccesses();
            Object result = step.body().apply(core);
            if (checkFootprints) check("CPU" + cpu + "'s step " + step.call(), declared, core.inspect().accessesRecorded());
            Object[] results = Arrays.copyOf(state.results(), state.results().length + 1);
            results[results.length - 1] = result;
            long[] signatures = Arrays.copyOf(state.signatures(), state.signatures().length + 1);
            signatures[signatures.length - 1] = step.signature();
            CpuHistory history = state.history().after(planted.keepsResult(step) ? result : null);
            cpus[cpu] = resumed(cpu, state, state.next().ops(), results, signatures,
                    CpuResume.resultsHash(state.resultsHash(), result), history);
            return new State(core, cpus);
        } catch (HazardException e) {
            throw new Stop(e.hazard());
        }
    }

    /** Taking an IPI (or running an RCU callback) touches only what its pending entry says. */
    private static void checkIpi(State from, int move, Footprint touched) {
        for (PendingIpi ipi : from.core().inspect().pendingIpis()) {
            if (ipi.batch() == Choice.batch(move) && ipi.target() == Choice.cpu(move)) {
                String what = shootdown.machine.Rcu.isCallback(ipi.batch()) ? "RCU callback" : "IPI";
                check("CPU" + ipi.target() + " taking " + what + " " + ipi.batch() + " of CPU" + ipi.sender(),
                        ipi.footprint(), touched);
                return;
            }
        }
        throw new IllegalStateException("no pending IPI for move " + move);
    }

    /** Fails, naming the move and the parts, if it touched more than it declared. */
    private static void check(String move, Footprint declared, Footprint touched) {
        if (declared.covers(touched)) return;
        throw new FootprintExceeded(move + " touched more than its footprint declares: it "
                + declared.beyond(touched) + " (declared: " + declared + ")");
    }

    /**
     * The CPU resumed after {@code from} (null at the start), having started {@code ops} and
     * returned {@code results}: each operation it starts on the way is folded into its history,
     * and a CPU that finished keeps none (its work is on the machine).
     */
    private CpuState resumed(int cpu, CpuState from, List<Op> ops, Object[] results, long[] signatures,
                             long resultsHash, CpuHistory history) throws Stop {
        CpuResume.Next next = from == null ? resume.next(cpu, ops, results, signatures, resultsHash)
                : resume.after(from.next(), cpu, ops, results, signatures, resultsHash);
        if (next.hazard() != null) throw new Stop(next.hazard());
        int started = from == null ? 0 : from.next().ops().size();
        for (int index = started; index < next.ops().size(); index++) {
            history = history.started(index, next.ops().get(index), forget);
        }
        if (next.done()) history = CpuHistory.NONE;
        else if (next.choosing() && forget) history = CpuHistory.finished(next.ops().size());
        return CpuState.of(results, signatures, resultsHash, history, next);
    }

    /**
     * The moves possible in {@code state}. A CPU at an operation boundary starts one operation
     * first (the choice touches nothing): the first such CPU in {@code order}, so that the choice
     * does not depend on how the CPUs happen to be numbered.
     */
    int[] enabledMoves(State state, int[] order) {
        for (int cpu : order) {
            CpuResume.Next next = state.cpus()[cpu].next();
            if (!next.choosing()) continue;
            int[] out = new int[next.choices().size()];
            for (int index = 0; index < out.length; index++) out[index] = Choice.pick(cpu, index);
            return out;
        }
        int[] out = new int[cpuCount + 4];
        int n = 0;
        for (int cpu = 0; cpu < cpuCount; cpu++) {
            if (!state.cpus()[cpu].done() && canMove(state, cpu)) out[n++] = Choice.step(cpu);
        }
        for (int[] ipi : state.core().inspect().deliverableIpis()) {
            if (n == out.length) out = Arrays.copyOf(out, 2 * n);
            out[n++] = Choice.ipi(ipi[0], ipi[1]);
        }
        return Arrays.copyOf(out, n);
    }

    /** A persistent set of {@code enabled} (all of it without reduction, or when a CPU is choosing). */
    int[] explored(State state, int[] enabled, int[] order) {
        if (!reduce || enabled.length <= 1 || Choice.isPick(enabled[0])) return enabled;
        return PersistentSet.choose(enabled, processes(state, order, enabled), ModelPromises.holders(lockRules, state.core()));
    }

    private static boolean canMove(State state, int cpu) {
        Step<?> step = state.cpus()[cpu].next().step();
        return step.guard() == null || step.guard().holds(state.core());
    }

    /**
     * Every CPU about to take a step and every IPI not yet taken, with what each may touch, in
     * {@code order} (IPIs by target, then sender): the persistent set tries seeds in this order,
     * so its choice among equally small sets does not depend on the CPUs' numbering.
     */
    private List<PersistentSet.Process> processes(State state, int[] order, int[] enabled) {
        long stepping = 0; // the CPUs whose step is among the enabled moves
        for (int move : enabled) if (!Choice.isIpi(move)) stepping |= 1L << Choice.cpu(move);
        int[] rank = rank(order);
        List<PendingIpi> ipis = state.core().inspect().pendingIpis();
        PersistentSet.Process[] out = new PersistentSet.Process[cpuCount + ipis.size()];
        int n = 0;
        for (int cpu : order) {
            CpuState cpuState = state.cpus()[cpu];
            if (cpuState.done()) continue;
            Step<?> step = cpuState.next().step();
            out[n++] = new PersistentSet.Process(Choice.step(cpu), cpu, -1, (stepping & (1L << cpu)) != 0,
                    step.guard() == null ? null : step.guard().on(state.core()), planted.footprint(step),
                    cpuState.next().future());
        }
        int firstIpi = n;
        for (PendingIpi ipi : ipis) {
            PersistentSet.Process p = PersistentSet.Process.of(ipi);
            int at = n++; // insertion sort by the target's rank, then the sender's: a handful of IPIs
            while (at > firstIpi && later(out[at - 1], p, rank)) {
                out[at] = out[at - 1];
                at--;
            }
            out[at] = p;
        }
        return java.util.Arrays.asList(out).subList(0, n);
    }

    private static boolean later(PersistentSet.Process x, PersistentSet.Process y, int[] rank) {
        return rank[x.cpu()] != rank[y.cpu()] ? rank[x.cpu()] > rank[y.cpu()] : rank[x.ipiSender()] > rank[y.ipiSender()];
    }

    boolean allDone(State state) {
        for (CpuState cpu : state.cpus()) if (!cpu.done()) return false;
        return true;
    }

    Hazard deadlock(State state) {
        List<Integer> stuck = new ArrayList<>();
        for (int cpu = 0; cpu < cpuCount; cpu++) if (!state.cpus()[cpu].done()) stuck.add(cpu);
        return Hazard.deadlock(state.core().inspect().steps(), stuck);
    }

    /**
     * The state's key: shared state, and each CPU's position and history. With interchangeable
     * CPUs, the CPUs are numbered canonically ({@link CanonicalOrder}), so states that differ only
     * by which CPU is which share a key. Writes the key into {@code key}; returns the order.
     */
    int[] key(State state, Fingerprint key) {
        return CanonicalOrder.of(state, symmetric, key);
    }

    static int[] identity(int cpus) {
        int[] order = new int[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) order[cpu] = cpu;
        return order;
    }

    static int[] rank(int[] order) {
        int[] rank = new int[order.length];
        for (int k = 0; k < order.length; k++) rank[order[k]] = k;
        return rank;
    }
}
