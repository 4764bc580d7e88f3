package shootdown.engine;

import java.util.List;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

/**
 * One line of a row's stress outcome table, with its explanation: how many samples ended in
 * {@code result} (OK, or a hazard kind), what the row's documented verdict makes of it, and for
 * a hazard, the explorer's shortest counterexample of that same hazard on the row's scenario
 * (null if the explorer does not reach it: then the stress hit is the only witness, and the
 * report says so).
 *
 * @param grade   expected, other, open or forbidden; null for OK
 * @param replay  whether a recorded hit of this hazard replayed on the explorer (its schedule
 *                is the check's own when this is the check's hazard)
 */
public record StressOutcome(String result, String grade, long samples, boolean replay, Hazard shortestHazard,
                            List<Integer> shortestSchedule, List<TraceEvent> shortestTrace) {
    public StressOutcome {
        shortestSchedule = shortestSchedule == null ? List.of() : List.copyOf(shortestSchedule);
        shortestTrace = shortestTrace == null ? List.of() : List.copyOf(shortestTrace);
    }

    public boolean isHazard() {
        return grade != null;
    }
}
