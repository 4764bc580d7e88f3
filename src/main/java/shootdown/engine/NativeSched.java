package shootdown.engine;

import java.util.function.BooleanSupplier;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;

/**
 * The scheduler for engines that run CPUs as ordinary threads (Lincheck, jcstress): steps
 * happen whenever the thread gets there, and a step whose guard is false waits on the
 * machine's monitor, which every step that can enable a guard notifies.
 */
public final class NativeSched implements Sched {
    private MachineCore core;

    /** Binds the machine once the instance that owns it exists. */
    public void attach(MachineCore machine) {
        this.core = machine;
    }

    @Override
    public void released(int cpu) {
        synchronized (core) {
            core.notifyAll();
        }
    }

    @Override
    public void beforeStep(int cpu, BooleanSupplier guard) {
        if (guard == null) return;
        synchronized (core) {
            while (!guard.getAsBoolean()) {
                try {
                    core.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("CPU" + cpu + " interrupted while waiting", e);
                }
            }
        }
    }
}
