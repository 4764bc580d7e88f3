package shootdown.explore;

import java.util.List;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

/** A schedule that breaks an invariant, the hazard it reaches, and the steps on the way. */
public record Counterexample(List<Integer> schedule, Hazard hazard, List<TraceEvent> trace) {
    public int contextSwitches() {
        int switches = 0;
        for (int i = 1; i < schedule.size(); i++) {
            if (Choice.cpu(schedule.get(i)) != Choice.cpu(schedule.get(i - 1))) switches++;
        }
        return switches;
    }
}
