package shootdown.explore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import shootdown.machine.TraceEvent;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * Exhaustive search of one scenario's interleavings at the granularity of machine steps.
 *
 * The exhaustive search is a {@link SnapshotSearch}: depth first over machine snapshots, on one
 * thread. A state already visited (same shared state, every CPU at the same point of its code
 * with the same history) is not explored twice: interleavings that differ only in the order of
 * independent steps meet there. With reduction on (the default), each state is extended only
 * by a {@link PersistentSet} of its moves, which still reaches every final state and every
 * broken invariant.
 *
 * Everything that needs a trace runs the model on CPU threads ({@link Execution}): the
 * breadth-first search for the shortest counterexample (which always takes every move), and
 * the replay of each schedule found, which so reproduces every counterexample a second way.
 */
public final class Explorer {
    private final Model model;
    private final Variant variant;
    private final Scenario scenario;
    private final boolean reduce;

    public Explorer(Variant variant, Scenario scenario) {
        this(variant, scenario, true);
    }

    /** With {@code reduce} false, every interleaving of the machine steps is explored. */
    public Explorer(Variant variant, Scenario scenario, boolean reduce) {
        this.model = variant.model();
        this.variant = variant;
        this.scenario = scenario;
        this.reduce = reduce;
    }

    public Exploration explore(Budget budget) {
        return search(budget, false);
    }

    /**
     * Explores every state and keeps each distinct final outcome with the first schedule that
     * reaches it: what a lock-removal certificate compares.
     */
    public Exploration exploreOutcomes(Budget budget) {
        return search(budget, true);
    }

    /**
     * The shortest counterexample (fewest steps, then fewest context switches): a breadth-first
     * search, level by level, from the initial state. Each state is reached first by a shortest
     * path, so the first level with a violation holds the shortest ones. If the budget runs out
     * first, the counterexample already found is kept.
     */
    public Counterexample shortest(Counterexample found, Budget budget) {
        long deadline = System.nanoTime() + budget.millis() * 1_000_000L;
        Visited visited = new Visited();
        Deque<int[]> level = new ArrayDeque<>();
        level.add(new int[0]);
        while (!level.isEmpty() && visited.size() < budget.maxStates()) {
            Deque<int[]> next = new ArrayDeque<>();
            List<Integer> best = null;
            for (int[] prefix : level) {
                if (budget.timeOrSignal(deadline) != null) return found;
                Execution.Outcome run = runBreadthFirst(prefix, visited, next);
                if (run.violation() != null && (best == null || switches(run.schedule()) < switches(best))) {
                    best = run.schedule();
                }
            }
            if (best != null) return best.size() < found.schedule().size()
                    || (best.size() == found.schedule().size() && switches(best) < found.contextSwitches())
                    ? replay(best) : found;
            level = next;
        }
        return found;
    }

    private static int switches(List<Integer> schedule) {
        return new Counterexample(schedule, null, List.of()).contextSwitches();
    }

    private Execution.Outcome runBreadthFirst(int[] prefix, Visited visited, Deque<int[]> next) {
        Execution execution = execution(prefix, visited, next, true, false);
        return execution.run(model.newInstance(variant, scenario, execution));
    }

    private Exploration search(Budget budget, boolean collectOutcomes) {
        long start = System.nanoTime();
        SnapshotSearch.Result result = new SnapshotSearch(variant, scenario, reduce).run(budget, collectOutcomes);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (result.violation() != null) {
            Counterexample found = replay(result.violation());
            return new Exploration(found, result.transitions(), result.states(), false, millis, millis,
                    "counterexample", Map.copyOf(result.outcomes()), result.note());
        }
        boolean exhausted = result.stopReason() == null;
        return new Exploration(null, result.transitions(), result.states(), exhausted, millis, -1,
                exhausted ? "exhausted" : result.stopReason(), Map.copyOf(result.outcomes()), result.note());
    }

    /**
     * The same search by replay on CPU threads (one thread per CPU, each state rebuilt by
     * replaying the schedule to it): an independent implementation, kept so the snapshot search
     * can be tested against it. Both keep the same state key, so they visit the same states.
     */
    Exploration exploreThreaded(Budget budget) {
        long start = System.nanoTime();
        long deadline = start + budget.millis() * 1_000_000L;
        Visited visited = new Visited();
        Deque<int[]> pending = new ArrayDeque<>();
        pending.push(new int[0]);
        long executions = 0;
        String stop = null;
        while (!pending.isEmpty() && stop == null) {
            stop = SnapshotSearch.budgetSpent(budget, deadline, visited);
            if (stop != null) break;
            executions++;
            Execution.Outcome run = run(pending.pop(), visited, pending, false).outcome;
            if (run.violation() != null) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                return new Exploration(replay(run.schedule()), executions, visited.size(), false, millis, millis,
                        "counterexample", Map.of(), null);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Exploration(null, executions, visited.size(), stop == null, millis, -1,
                stop == null ? "exhausted" : stop, Map.of(), null);
    }


    /** Re-runs a schedule with tracing on: the counterexample as a reviewer reads it. */
    public Counterexample replay(List<Integer> schedule) {
        Traced run = run(schedule.stream().mapToInt(Integer::intValue).toArray(), null, null, true);
        if (run.outcome.violation() == null) {
            throw new IllegalStateException("schedule does not reproduce a violation: " + schedule);
        }
        return new Counterexample(run.outcome.schedule(), run.outcome.violation(), run.trace);
    }

    /** A replayed schedule that broke no invariant: its steps and the outcome it ended in. */
    public record CleanRun(List<TraceEvent> trace, String outcome) {
    }

    /** Re-runs a schedule that ends cleanly, with tracing on (an outcome only one variant reaches). */
    public CleanRun replayClean(List<Integer> schedule) {
        Traced run = run(schedule.stream().mapToInt(Integer::intValue).toArray(), null, null, true);
        if (run.outcome.violation() != null) {
            throw new IllegalStateException("schedule reaches a hazard, not a clean outcome: " + run.outcome.violation());
        }
        return new CleanRun(run.trace, run.outcome.finalOutcome());
    }

    private record Traced(Execution.Outcome outcome, List<TraceEvent> trace) {
    }

    private Execution execution(int[] prefix, Visited visited, Deque<int[]> pending, boolean breadthFirst,
                                boolean reduce) {
        return new Execution(scenario.cpus(), prefix, visited, pending, breadthFirst, reduce,
                model.operationsIndependent());
    }

    /** One execution; with {@code visited == null} a replay that follows the prefix only. */
    private Traced run(int[] prefix, Visited visited, Deque<int[]> pending, boolean trace) {
        Execution execution = execution(prefix, visited, pending, false, reduce);
        ModelInstance instance = model.newInstance(variant, scenario, execution);
        if (trace) instance.machine().inspect().enableTrace();
        Execution.Outcome outcome = execution.run(instance);
        return new Traced(outcome, trace ? instance.machine().inspect().trace() : List.of());
    }
}
