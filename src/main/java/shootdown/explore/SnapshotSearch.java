package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;
import shootdown.machine.PendingIpi;
import shootdown.machine.Step;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/**
 * Depth-first search of one scenario's state space, state by state, on one thread. Each state
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
    /** Where one CPU stands in one state. */
    private record CpuState(Object[] results, long history, CpuResume.Next next) {
        boolean done() {
            return next.done();
        }
    }

    /** A state on the search stack, with the moves still to try from it. */
    private static final class Frame {
        final MachineCore core;
        final CpuState[] cpus;
        final int move; // the move that led here; -1 at the root
        List<Integer> moves = List.of();
        int tried;

        Frame(MachineCore core, CpuState[] cpus, int move) {
            this.core = core;
            this.cpus = cpus;
            this.move = move;
        }
    }

    /** The move broke an invariant, or model code failed. */
    private static final class Stop extends Exception {
        final Hazard hazard;

        Stop(Hazard hazard) {
            super(null, null, false, false);
            this.hazard = hazard;
        }
    }

    private final CpuResume resume;
    private final int cpuCount;
    private final boolean reduce;
    private final List<LockRule> lockRules;
    private final MachineCore boot;

    SnapshotSearch(Model model, String variant, Scenario scenario, boolean reduce) {
        this.resume = new CpuResume(model, variant, scenario);
        this.cpuCount = scenario.cpus();
        this.reduce = reduce;
        ModelInstance instance = model.newInstance(variant, scenario, new CpuResume.Unused());
        this.lockRules = instance.lockRules();
        this.boot = instance.machine();
    }

    /** How the search ended. {@code violation} comes with the schedule reaching it. */
    record Result(List<Integer> violation, Hazard hazard, long transitions, long states, String stopReason,
                  Map<String, List<Integer>> outcomes) {
    }

    Result run(Budget budget, boolean collectOutcomes) {
        long deadline = System.nanoTime() + budget.millis() * 1_000_000L;
        Visited visited = new Visited();
        Map<String, List<Integer>> outcomes = new LinkedHashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        long transitions = 0;
        try {
            CpuState[] start = new CpuState[cpuCount];
            for (int cpu = 0; cpu < cpuCount; cpu++) start[cpu] = resumed(cpu, new Object[0], 0);
            Frame root = new Frame(boot.copy(), start, -1);
            expand(root, visited, outcomes, collectOutcomes, stack);
            while (!stack.isEmpty()) {
                if ((transitions & 255) == 0) {
                    String stop = budgetSpent(budget, deadline, visited);
                    if (stop != null) return new Result(null, null, transitions, visited.size(), stop, outcomes);
                }
                Frame top = stack.peek();
                if (top.tried == top.moves.size()) {
                    stack.pop();
                    continue;
                }
                Frame child = move(top, top.moves.get(top.tried++), stack);
                transitions++;
                expand(child, visited, outcomes, collectOutcomes, stack);
            }
        } catch (Stop stop) {
            return new Result(schedule(stack), stop.hazard, transitions, visited.size(), "counterexample", outcomes);
        }
        return new Result(null, null, transitions, visited.size(), null, outcomes);
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
    private void expand(Frame frame, Visited visited, Map<String, List<Integer>> outcomes, boolean collectOutcomes,
                        Deque<Frame> stack) throws Stop {
        List<Integer> enabled = enabledMoves(frame);
        if (enabled.isEmpty()) {
            stack.push(frame);
            if (!allDone(frame)) throw new Stop(deadlock(frame));
            try {
                frame.core.checkQuiescent();
            } catch (HazardException e) {
                throw new Stop(e.hazard());
            }
            if (collectOutcomes) outcomes.putIfAbsent(frame.core.outcome(), schedule(stack));
            stack.pop();
            return;
        }
        if (!visited.firstVisit(StateHash.of(stateKey(frame)))) return;
        frame.moves = reduce ? PersistentSet.choose(enabled, processes(frame), ModelPromises.holders(lockRules, frame.core)) : enabled;
        stack.push(frame);
    }

    /** The state after {@code move}; a move that breaks an invariant stops the search. */
    private Frame move(Frame from, int move, Deque<Frame> stack) throws Stop {
        MachineCore core = from.core.copy();
        CpuState[] cpus = from.cpus.clone();
        Frame to = new Frame(core, cpus, move);
        try {
            if (Choice.isIpi(move)) {
                core.deliver_ipi(Choice.batch(move), Choice.cpu(move));
                return to;
            }
            int cpu = Choice.cpu(move);
            CpuState state = cpus[cpu];
            Step<?> step = state.next().step();
            String broken = ModelPromises.broken(cpu, step.footprint(), state.next().declared(), lockRules, from.core);
            if (broken != null) throw new IllegalStateException(broken);
            Object result = step.body().apply(core);
            Object[] results = Arrays.copyOf(state.results(), state.results().length + 1);
            results[results.length - 1] = result;
            cpus[cpu] = resumed(cpu, results, ModelPromises.remember(state.history(), step.resultKept() ? result : null));
            return to;
        } catch (HazardException e) {
            stack.push(to);
            throw new Stop(e.hazard());
        } catch (Stop e) {
            stack.push(to);
            throw e;
        }
    }

    private CpuState resumed(int cpu, Object[] results, long history) throws Stop {
        CpuResume.Next next = resume.next(cpu, results);
        if (next.hazard() != null) throw new Stop(next.hazard());
        return new CpuState(results, history, next);
    }

    private List<Integer> enabledMoves(Frame frame) {
        List<Integer> out = new ArrayList<>();
        for (int cpu = 0; cpu < cpuCount; cpu++) {
            if (!frame.cpus[cpu].done() && canMove(frame, cpu)) out.add(Choice.step(cpu));
        }
        for (int[] ipi : frame.core.deliverableIpis()) out.add(Choice.ipi(ipi[0], ipi[1]));
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
        for (PendingIpi ipi : frame.core.pendingIpis()) {
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
        return new Hazard(Hazard.Kind.DEADLOCK, frame.core.steps(), -1, -1,
                "no CPU can move and " + String.join(", ", stuck) + " did not finish", List.of());
    }

    /** Everything that decides the future: shared state, and each CPU's position and history. */
    private String stateKey(Frame frame) {
        StringBuilder key = new StringBuilder(frame.core.encodeState());
        for (CpuState state : frame.cpus) {
            key.append('|').append(state.done() ? 'D' : 'P').append(state.history());
        }
        return key.toString();
    }

    /** The moves from the root to the top of the stack. */
    private static List<Integer> schedule(Deque<Frame> stack) {
        List<Integer> out = new ArrayList<>();
        var frames = stack.descendingIterator();
        while (frames.hasNext()) {
            int move = frames.next().move;
            if (move >= 0) out.add(move);
        }
        return out;
    }
}
