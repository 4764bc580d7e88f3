package shootdown.model.snp;

import shootdown.machine.Abandoned;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import shootdown.machine.HazardException;
import shootdown.machine.Sched;
import shootdown.machine.TraceEvent;
import shootdown.model.ModelInstance;

/**
 * Runs the CPUs of an instance one step at a time, round-robin, always in the same order: a
 * deterministic interleaving to count costs on. A CPU whose next step cannot happen yet (a lock
 * held, an RMP range locked) loses its turn; those lost turns are charged to what it then took,
 * read from the trace (e.g. {@code spin_lock(&cpa_lock)}).
 */
final class LockstepSched implements Sched {
    private final int cpus;
    private final BooleanSupplier[] guards;
    private final boolean[] parked;
    private final boolean[] done;
    private final long[] lostTurns;
    private final Map<String, Long> waited = new TreeMap<>();
    private int turn = -1;
    private boolean abandoned;
    private HazardException hazard;
    private Throwable failure;

    LockstepSched(int cpus) {
        this.cpus = cpus;
        this.guards = new BooleanSupplier[cpus];
        this.parked = new boolean[cpus];
        this.done = new boolean[cpus];
        this.lostTurns = new long[cpus];
    }

    @Override
    public synchronized void beforeStep(int cpu, BooleanSupplier guard) {
        guards[cpu] = guard;
        parked[cpu] = true;
        notifyAll();
        while (turn != cpu) {
            if (abandoned) throw new Abandoned();
            try {
                wait();
            } catch (InterruptedException e) {
                throw new Abandoned();
            }
        }
        turn = -1; // taken
        parked[cpu] = false;
    }

    /** Turns lost, by what the CPU was waiting for. */
    synchronized Map<String, Long> waited() {
        return new TreeMap<>(waited);
    }

    synchronized HazardException hazard() {
        return hazard;
    }

    /** Runs every CPU's operations to the end; the instance must have its trace enabled. */
    void run(ModelInstance instance) {
        Thread[] threads = new Thread[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            int id = cpu;
            threads[cpu] = new Thread(() -> body(instance, id), "lockstep-cpu" + id);
            threads[cpu].setDaemon(true);
            threads[cpu].start();
        }
        try {
            while (true) {
                awaitQuiet();
                if (allDone() || hazard() != null || failure != null) break;
                boolean moved = false;
                for (int cpu = 0; cpu < cpus; cpu++) {
                    if (isDone(cpu)) continue;
                    if (!enabled(cpu)) {
                        synchronized (this) {
                            lostTurns[cpu]++;
                        }
                        continue;
                    }
                    step(instance, cpu);
                    moved = true;
                }
                if (!moved) throw new IllegalStateException("no CPU can move: the cost run deadlocked");
            }
        } finally {
            synchronized (this) {
                abandoned = true;
                notifyAll();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (failure != null) throw new IllegalStateException("model code failed in a cost run", failure);
    }

    private void body(ModelInstance instance, int cpu) {
        try {
            int ops = instance.scenario().opsPerCpu().get(cpu).size();
            for (int index = 0; index < ops; index++) instance.run(cpu, index);
        } catch (HazardException e) {
            synchronized (this) {
                if (hazard == null) hazard = e;
            }
        } catch (Abandoned e) {
            // the run is over
        } catch (Throwable e) {
            synchronized (this) {
                failure = e;
            }
        }
        synchronized (this) {
            done[cpu] = true;
            notifyAll();
        }
    }

    /** Gives CPU {@code cpu} one step and charges its lost turns to what that step was. */
    private void step(ModelInstance instance, int cpu) {
        int before = instance.machine().inspect().steps();
        synchronized (this) {
            turn = cpu;
            notifyAll();
            // Wait until the CPU has taken the turn and parked before its next step, or finished.
            while (!(turn == -1 && parked[cpu]) && !done[cpu]) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            turn = -1;
            if (lostTurns[cpu] == 0) return;
        }
        String what = "other";
        List<TraceEvent> trace = instance.machine().inspect().trace();
        for (TraceEvent event : trace) {
            if (event.step() > before && event.cpu() == cpu) {
                what = classify(event.action());
                break;
            }
        }
        synchronized (this) {
            waited.merge(what, lostTurns[cpu], Long::sum);
            lostTurns[cpu] = 0;
        }
    }

    private static String classify(String action) {
        if (action.startsWith("spin_lock(&")) return action.substring("spin_lock(&".length(), action.indexOf(')'));
        if (action.startsWith("RMPUPDATE")) return "RMPUPDATE range";
        if (action.startsWith("on_each_cpu() returns")) return "flush IPIs";
        return "other";
    }

    private synchronized void awaitQuiet() {
        while (true) {
            boolean quiet = true;
            for (int cpu = 0; cpu < cpus; cpu++) quiet &= parked[cpu] || done[cpu];
            if (quiet || hazard != null || failure != null) return;
            try {
                wait();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private synchronized boolean allDone() {
        for (boolean d : done) if (!d) return false;
        return true;
    }

    private synchronized boolean isDone(int cpu) {
        return done[cpu];
    }

    private boolean enabled(int cpu) {
        BooleanSupplier guard;
        synchronized (this) {
            guard = guards[cpu];
        }
        return guard == null || guard.getAsBoolean();
    }
}
