package shootdown.report;

import java.util.ArrayList;
import java.util.List;
import shootdown.explore.Choice;
import shootdown.machine.Rcu;

/** A schedule as a reader follows it: runs of the same choice folded, "CPU0 x10, CPU1 takes IPI #0, CPU1 x2". */
public final class ScheduleWords {
    private ScheduleWords() {
    }

    public static String of(List<Integer> schedule) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < schedule.size()) {
            int j = i;
            while (j < schedule.size() && schedule.get(j).equals(schedule.get(i))) j++;
            parts.add(describe(schedule.get(i)) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(", ", parts);
    }

    /** A choice in words; an RCU callback travels as an interrupt-context move (see {@link Rcu}) but reads as one. */
    private static String describe(int choice) {
        if (Choice.isIpi(choice) && Rcu.isCallback(Choice.batch(choice))) {
            return "CPU" + Choice.cpu(choice) + " runs RCU callback #" + Choice.batch(choice);
        }
        return Choice.describe(choice);
    }
}
