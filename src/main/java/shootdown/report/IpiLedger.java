package shootdown.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import shootdown.machine.TraceEvent;

/**
 * Pairs each IPI a CPU takes with the {@code on_each_cpu()} step that sent it, and knows which
 * IPIs are still waiting to be taken: the arrows of the swimlane.
 */
final class IpiLedger {
    /** One IPI on its way from sender to target; {@code sentAt} is -1 when the send is not in the trace. */
    record Ipi(int sender, int target, int sentAt, String work) {
    }

    private record Batch(int sender, int step, String work, TreeSet<Integer> pending) {
    }

    private final List<Batch> open = new ArrayList<>();

    /** Feeds the next step; returns the IPI the step takes, if it takes one. */
    Optional<Ipi> record(TraceEvent e) {
        List<Integer> targets = ActionText.ipiTargets(e.action());
        if (targets != null && !targets.isEmpty()) {
            open.add(new Batch(e.cpu(), e.step(), ActionText.ipiWork(e.action()), new TreeSet<>(targets)));
        }
        OptionalInt sender = ActionText.ipiSender(e.action());
        if (sender.isEmpty()) return Optional.empty();
        // A sender waits for its batch before it sends again, so its latest open batch is the one.
        for (int i = open.size() - 1; i >= 0; i--) {
            Batch batch = open.get(i);
            if (batch.sender == sender.getAsInt() && batch.pending.remove(e.cpu())) {
                if (batch.pending.isEmpty()) open.remove(i);
                return Optional.of(new Ipi(batch.sender, e.cpu(), batch.step, batch.work));
            }
        }
        return Optional.of(new Ipi(sender.getAsInt(), e.cpu(), -1, ActionText.ipiWork(e.action())));
    }

    /** IPIs sent so far that their target has not taken yet, in the order they were sent. */
    List<Ipi> pending() {
        List<Ipi> out = new ArrayList<>();
        for (Batch batch : open) {
            for (int target : batch.pending) out.add(new Ipi(batch.sender, target, batch.step, batch.work));
        }
        return out;
    }
}
