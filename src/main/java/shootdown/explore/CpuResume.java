package shootdown.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import shootdown.machine.Footprint;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.machine.Step;
import shootdown.model.ModelInstance;
import shootdown.model.Op;

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
    /**
     * Where a CPU stands once it has started {@code ops}: about to take {@code step}, at an
     * operation boundary where it may start any of {@code choices}, finished, or stopped by a
     * hazard its code raised.
     */
    record Next(List<Op> ops, Step<?> step, Footprint declared, Footprint laterOps, List<Op> choices,
                Hazard hazard, Map<Object, Next> after) {
        Next(List<Op> ops, Step<?> step, Footprint declared, Footprint laterOps, List<Op> choices, Hazard hazard) {
            this(ops, step, declared, laterOps, choices, hazard, new ConcurrentHashMap<>(4));
        }

        boolean done() {
            return step == null && hazard == null && choices.isEmpty();
        }

        boolean choosing() {
            return !choices.isEmpty();
        }

        /** What the CPU may still touch, its next step included: its operation's rest and the later ones. */
        Footprint future() {
            return declared.union(laterOps);
        }
    }

    private final Programs programs;
    /**
     * Resumes already made, by CPU, operations and values returned: many interleavings bring a
     * CPU to the same point with the same history. A step's closure captures only the CPU's own
     * code objects, which nothing touches once the code is unwound, so a captured step serves again.
     */
    private final Map<Key, Next> known = new ConcurrentHashMap<>();

    /** A resume's key; {@code hash} is a running hash of the results, kept by the caller as they grow. */
    private record Key(int cpu, List<Op> ops, Object[] results, long[] signatures, long hash) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.hash == hash && k.cpu == cpu && Arrays.equals(k.results, results)
                    && Arrays.equals(k.signatures, signatures) && k.ops.equals(ops);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(hash) * 31 + cpu;
        }
    }

    /** What stands for a step that returned null, as a key of {@link Next#after}. */
    private static final Object NULL_RESULT = new Object();

    /**
     * The CPU's next step once it has moved on from {@code from}: taken its step, which returned
     * {@code results}' last value, or (with {@code ops} one longer) started an operation. Found
     * from {@code from} by that value or operation alone, without comparing the whole past again.
     */
    Next after(Next from, int cpu, List<Op> ops, Object[] results, long[] signatures, long hash) {
        Object key = from.choosing() ? ops.get(ops.size() - 1)
                : results[results.length - 1] == null ? NULL_RESULT : results[results.length - 1];
        Next next = from.after().get(key);
        if (next == null) {
            next = rerun(cpu, ops, results, signatures, hash);
            Next raced = from.after().putIfAbsent(key, next);
            if (raced != null) next = raced;
        }
        return next;
    }

    /** {@code hash} with one more result: what a caller keeps to name a resume cheaply. */
    static long resultsHash(long hash, Object result) {
        return hash * 0x9E3779B97F4A7C15L + java.util.Objects.hashCode(result);
    }

    CpuResume(Programs programs) {
        this.programs = programs;
    }

    /**
     * CPU {@code cpu}'s next step, once it has started {@code ops} and its steps returned
     * {@code results}, whose {@link #resultsHash} is {@code hash}; {@code signatures} are the
     * steps it asked for, which the re-run must ask for again.
     */
    Next next(int cpu, List<Op> ops, Object[] results, long[] signatures, long hash) {
        Key key = new Key(cpu, ops, results, signatures, hash ^ ops.hashCode());
        Next next = known.get(key);
        if (next == null) {
            next = rerun(cpu, ops, results, signatures, hash);
            Next raced = known.putIfAbsent(key, next);
            if (raced != null) next = raced; // another thread resumed the same CPU first: one Next for both
        }
        return next;
    }

    private Next rerun(int cpu, List<Op> ops, Object[] results, long[] signatures, long hash) {
        ReplaySched replay = new ReplaySched(cpu, results, signatures, true);
        ModelInstance fresh = programs.instance(cpu, ops, replay);
        try {
            for (int index = 0; index < ops.size(); index++) {
                replay.declared = fresh.footprint(cpu, index);
                fresh.run(cpu, index);
            }
        } catch (ReplaySched.Captured captured) {
            return new Next(ops, replay.captured, replay.declared, programs.after(cpu, ops), List.of(), null);
        } catch (HazardException e) {
            return new Next(ops, null, null, null, List.of(), e.hazard());
        }
        replay.checkFinished();
        List<Op> choices = programs.choices(cpu, ops);
        if (choices.size() == 1) return next(cpu, started(ops, choices.get(0)), results, signatures, hash);
        return new Next(ops, null, null, null, choices, null);
    }

    /** {@code ops} and then {@code op}. */
    static List<Op> started(List<Op> ops, Op op) {
        List<Op> out = new ArrayList<>(ops);
        out.add(op);
        return List.copyOf(out);
    }

    /** The scheduler of an instance whose CPUs never run: the search only takes its machine. */
    static final class Unused implements Sched {
        @Override
        public void beforeStep(int cpu, BooleanSupplier guard) {
            throw new IllegalStateException("CPU" + cpu + " ran on the boot instance");
        }
    }
}
