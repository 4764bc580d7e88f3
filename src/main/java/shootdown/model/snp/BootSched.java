package shootdown.model.snp;

import java.util.function.BooleanSupplier;
import shootdown.machine.Sched;

/**
 * The scheduler of code that runs alone: boot-time work before any CPU starts, and sequential
 * cost runs. Nothing else moves, so a step that would have to wait can never proceed.
 */
final class BootSched implements Sched {
    @Override
    public void beforeStep(int cpu, BooleanSupplier guard) {
        if (guard != null && !guard.getAsBoolean()) {
            throw new IllegalStateException("CPU" + cpu + " would wait forever: nothing else runs");
        }
    }
}
