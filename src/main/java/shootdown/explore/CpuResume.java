package shootdown.explore;

import java.util.function.BooleanSupplier;
import shootdown.machine.Footprint;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.machine.Step;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/**
 * Brings one CPU's code to its next step without a thread of its own: the CPU's operations run
 * again from the start, on the calling thread, on a fresh instance of the model, and each step
 * they ask for returns the value it returned the first time. The first step past those is the
 * CPU's next one: it is captured, not run, and the code is unwound.
 *
 * This works because model code is deterministic given what its steps return, and shares
 * nothing outside the machine: a CPU's position in its code is fully given by its operations
 * and the values its steps returned.
 */
final class CpuResume {
    /** Where a CPU stands: about to take {@code step}, finished, or stopped by a hazard its code raised. */
    record Next(Step<?> step, Footprint declared, Footprint laterOps, Hazard hazard) {
        boolean done() {
            return step == null && hazard == null;
        }
    }

    private static final Next DONE = new Next(null, null, null, null);

    /** Unwinds the CPU's code at its next step. */
    private static final class Captured extends Error {
        static final Captured INSTANCE = new Captured();

        private Captured() {
            super(null, null, false, false);
        }
    }

    private final Model model;
    private final String variant;
    private final Scenario scenario;
    /**
     * Resumes already made, by CPU and values returned: many interleavings bring a CPU to the
     * same point with the same history. A step's closure captures only the CPU's own code
     * objects, which nothing touches once the code is unwound, so a captured step serves again.
     */
    private final java.util.Map<java.util.List<Object>, Next> known = new java.util.HashMap<>();

    CpuResume(Model model, String variant, Scenario scenario) {
        this.model = model;
        this.variant = variant;
        this.scenario = scenario;
    }

    /** CPU {@code cpu}'s next step, after steps that returned {@code results}, in order. */
    Next next(int cpu, Object[] results) {
        Object[] key = java.util.Arrays.copyOf(results, results.length + 1);
        key[results.length] = "CPU" + cpu;
        return known.computeIfAbsent(java.util.Arrays.asList(key), k -> rerun(cpu, results));
    }

    private Next rerun(int cpu, Object[] results) {
        Replay replay = new Replay(cpu, results);
        ModelInstance fresh = model.newInstance(variant, scenario, replay);
        int ops = scenario.opsPerCpu().get(cpu).size();
        try {
            for (int index = 0; index < ops; index++) {
                replay.declared = fresh.footprint(cpu, index);
                replay.laterOps = Footprint.NOTHING;
                for (int later = index + 1; later < ops; later++) {
                    replay.laterOps = replay.laterOps.union(fresh.footprint(cpu, later));
                }
                fresh.run(cpu, index);
            }
        } catch (Captured captured) {
            return new Next(replay.captured, replay.declared, replay.laterOps, null);
        } catch (HazardException e) {
            return new Next(null, null, null, e.hazard());
        }
        if (replay.position != results.length) {
            throw new IllegalStateException("CPU" + cpu + " finished after " + replay.position + " of its "
                    + results.length + " steps: its code is not deterministic");
        }
        return DONE;
    }

    /** The scheduler the re-run sees: recorded values, then the capture. */
    private static final class Replay implements Sched {
        final int cpu;
        final Object[] results;
        int position;
        Step<?> captured;
        Footprint declared;
        Footprint laterOps;

        Replay(int cpu, Object[] results) {
            this.cpu = cpu;
            this.results = results;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T perform(int who, MachineCore core, Step<T> step) {
            if (who != cpu) throw new IllegalStateException("CPU" + who + " moved while CPU" + cpu + " was resumed");
            if (captured != null) throw Captured.INSTANCE; // a finally block asking for more
            if (position < results.length) return (T) results[position++];
            captured = step;
            throw Captured.INSTANCE;
        }

        @Override
        public void beforeStep(int who, BooleanSupplier guard) {
            throw new IllegalStateException("CPU" + who + " announced a step outside Sched.perform");
        }

        @Override
        public void restOfOperationTouches(int who, Footprint footprint) {
            declared = footprint;
        }

        @Override
        public boolean deliversIpis() {
            return true;
        }
    }

    /** The scheduler of an instance whose CPUs never run: the search only takes its machine. */
    static final class Unused implements Sched {
        @Override
        public void beforeStep(int cpu, BooleanSupplier guard) {
            throw new IllegalStateException("CPU" + cpu + " ran on the boot instance");
        }
    }
}
