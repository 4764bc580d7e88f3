package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/**
 * Exhaustive search of one scenario's interleavings at the granularity of machine steps.
 *
 * Depth-first over schedules, by replay: an execution replays a prefix of choices, then
 * extends it with the first possible move at each step, queueing the others. A state already
 * visited (same shared state, every CPU at the same point of its code with the same history)
 * is not explored twice: interleavings that differ only in the order of independent steps meet
 * there. When the queue empties, every reachable state was explored.
 */
public final class Explorer {
    private final Model model;
    private final String variant;
    private final Scenario scenario;

    public Explorer(Model model, String variant, Scenario scenario) {
        this.model = model;
        this.variant = variant;
        this.scenario = scenario;
    }

    public Exploration explore(Budget budget) {
        long start = System.nanoTime();
        long deadline = start + budget.millis() * 1_000_000L;
        Set<StateHash> visited = new HashSet<>();
        Deque<int[]> pending = new ArrayDeque<>();
        pending.push(new int[0]);
        long executions = 0;
        String stop = null;
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                stop = "time budget of " + budget.millis() + " ms spent";
                break;
            }
            if (visited.size() >= budget.maxStates()) {
                stop = "state budget of " + budget.maxStates() + " states spent";
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                stop = "interrupted";
                break;
            }
            int[] prefix = pending.pop();
            executions++;
            Run run = execute(prefix, visited, pending);
            if (run.violation != null) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                Counterexample found = replay(run.schedule);
                return new Exploration(found, executions, visited.size(), false, millis, millis, "counterexample");
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Exploration(null, executions, visited.size(), stop == null, millis, -1,
                stop == null ? "exhausted" : stop);
    }

    /** Re-runs a schedule with tracing on: the counterexample as a reviewer reads it. */
    public Counterexample replay(List<Integer> schedule) {
        Run run = execute(schedule.stream().mapToInt(Integer::intValue).toArray(), null, null);
        if (run.violation == null) {
            throw new IllegalStateException("schedule does not reproduce a violation: " + schedule);
        }
        return new Counterexample(run.schedule, run.violation, run.trace);
    }

    private record Run(List<Integer> schedule, Hazard violation, List<TraceEvent> trace) {
    }

    /**
     * One execution. With {@code visited == null} it is a replay: follow the prefix only,
     * record the trace, and stop at the first violation.
     */
    private Run execute(int[] prefix, Set<StateHash> visited, Deque<int[]> pending) {
        Execution execution = new Execution(scenario.cpus(), prefix, visited, pending);
        ModelInstance instance = model.newInstance(variant, scenario, execution);
        if (visited == null) instance.machine().enableTrace();
        Execution.Outcome outcome = execution.run(instance);
        return new Run(outcome.schedule(), outcome.violation(), instance.machine().trace());
    }
}
