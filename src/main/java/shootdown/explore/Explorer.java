package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
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

    private record Run(List<Integer> schedule, Hazard violation, List<shootdown.machine.TraceEvent> trace) {
    }

    /**
     * One execution. With {@code visited == null} it is a replay: follow the prefix only,
     * record the trace, and stop at the first violation.
     */
    private Run execute(int[] prefix, Set<StateHash> visited, Deque<int[]> pending) {
        ControlledSched sched = new ControlledSched(scenario.cpus());
        ModelInstance instance = model.newInstance(variant, scenario, sched);
        boolean replaying = visited == null;
        if (replaying) instance.machine().enableTrace();
        List<Integer> schedule = new ArrayList<>();
        try {
            sched.start(instance);
            while (true) {
                Hazard broken = brokenInvariant(sched);
                if (broken != null) return new Run(schedule, broken, instance.machine().trace());
                List<Integer> choices = sched.choices();
                if (choices.isEmpty()) {
                    Hazard end = sched.allDone() ? quiescence(instance) : deadlock(instance);
                    return new Run(schedule, end, instance.machine().trace());
                }
                int choice;
                if (schedule.size() < prefix.length) {
                    choice = prefix[schedule.size()];
                    if (!choices.contains(choice)) throw new IllegalStateException("schedule diverged at " + schedule);
                } else {
                    if (replaying) return new Run(schedule, null, instance.machine().trace());
                    if (!visited.add(StateHash.of(sched.stateKey()))) return new Run(schedule, null, List.of());
                    for (int i = choices.size() - 1; i >= 1; i--) pending.push(extend(schedule, choices.get(i)));
                    choice = choices.get(0);
                }
                schedule.add(choice);
                sched.perform(choice);
            }
        } finally {
            sched.abandon();
        }
    }

    private static Hazard brokenInvariant(ControlledSched sched) {
        if (sched.failure() != null) {
            throw new IllegalStateException("model code failed: " + sched.failure(), sched.failure());
        }
        return sched.hazard() == null ? null : sched.hazard().hazard();
    }

    private static Hazard quiescence(ModelInstance instance) {
        try {
            instance.checkQuiescent();
            return null;
        } catch (HazardException e) {
            return e.hazard();
        }
    }

    private static Hazard deadlock(ModelInstance instance) {
        return new Hazard(Hazard.Kind.DEADLOCK, instance.machine().steps(), -1, -1,
                "no CPU can move and not every operation finished", List.of());
    }

    private static int[] extend(List<Integer> schedule, int choice) {
        int[] out = new int[schedule.size() + 1];
        for (int i = 0; i < schedule.size(); i++) out[i] = schedule.get(i);
        out[schedule.size()] = choice;
        return out;
    }
}
