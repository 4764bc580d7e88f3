package shootdown.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import shootdown.explore.Choice;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;
import shootdown.machine.Step;
import shootdown.machine.StepOutcome;
import shootdown.machine.StepSignature;

/**
 * The order in which the machine took the steps of a run on ordinary threads (Lincheck,
 * jcstress), recorded inside each atomic step so that the order is the machine's own, and the
 * same run as an explorer schedule that {@code shootdown replay} can follow.
 *
 * <p>The two engines run the same code with one difference: on threads the sender of an IPI
 * delivers it itself (a step of the sender that may find the target's interrupts off and try
 * again), and a guarded step may find its guard false again when it runs (a lock another CPU
 * took in between) and be retried. The explorer only takes steps that happen and delivers IPIs
 * as moves of their own. So a delivery becomes the explorer's move "the target takes IPI #b",
 * and a step that did not happen is left out.
 *
 * <p>Lincheck treats this class as atomic (see {@link LincheckEngine}): it never switches
 * threads between a step and its record.
 */
public final class StepOrder {
    /** What a step that raised a hazard returned: it happened, and ended its CPU's work. */
    private static final Object RAISED = new Object();
    private static final String SEND = "on_each_cpu_mask(";
    private static final String DELIVER = "deliver_ipi";
    /** Machine steps a CPU retries until they return true (Cpu's lock and IPI loops). */
    private static final Set<String> RETRIED = Set.of("spin_lock", "read_lock", "write_lock", DELIVER);

    private final int cpus;
    private int size;
    private int[] cpu = new int[64];
    private String[] call = new String[64];
    private long[] signature = new long[64];
    private Object[] result = new Object[64];

    public StepOrder(int cpus) {
        this.cpus = cpus;
    }

    /** The step as it is handed to the machine: its body, recorded here. */
    <T> Step<T> recording(int who, Step<T> step) {
        return new Step<>(step.guard(), step.footprint(), new Recorded<>(this, who, step), step.resultKept(),
                step.signature(), step.call());
    }

    /** A named class, not a lambda, so that Lincheck's guarantee can name it atomic too. */
    private record Recorded<T>(StepOrder order, int who, Step<T> step) implements Function<MachineCore, T> {
        @Override
        public T apply(MachineCore core) {
            return order.run(who, step, core);
        }
    }

    /** Runs the step's body on {@code core} and records it, as one atomic step of the machine. */
    private <T> T run(int who, Step<T> step, MachineCore core) {
        synchronized (core) {
            T value;
            try {
                value = step.body().apply(core);
            } catch (HazardException e) {
                append(who, step, RAISED);
                throw e;
            }
            append(who, step, value);
            return value;
        }
    }

    private void append(int who, Step<?> step, Object value) {
        if (size == cpu.length) {
            int grown = size * 2;
            cpu = Arrays.copyOf(cpu, grown);
            call = Arrays.copyOf(call, grown);
            signature = Arrays.copyOf(signature, grown);
            result = Arrays.copyOf(result, grown);
        }
        cpu[size] = who;
        call[size] = step.call();
        signature[size] = step.signature();
        result[size] = value;
        size++;
    }

    /** What CPU {@code cpu}'s steps returned, in order; a step that raised a hazard returned nothing. */
    public synchronized Object[] results(int who) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < size; i++) if (cpu[i] == who && result[i] != RAISED) out.add(result[i]);
        return out.toArray();
    }

    /** The signatures of CPU {@code cpu}'s steps that returned, in order. */
    public synchronized long[] signatures(int who) {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) if (cpu[i] == who && result[i] != RAISED) out[n++] = signature[i];
        return Arrays.copyOf(out, n);
    }

    /** Steps recorded so far, including those that did not happen. */
    public synchronized int recorded() {
        return size;
    }

    /**
     * The run as explorer choices ({@link Choice}), in the machine's order, up to the step that
     * raised the first hazard: what other CPUs did after it is no part of the counterexample.
     */
    public synchronized List<Integer> schedule() {
        List<Integer> out = new ArrayList<>(size);
        int[] batch = new int[cpus];
        for (int i = 0; i < size; i++) {
            Object value = result[i];
            if (!happened(call[i], value)) continue;
            if (call[i].startsWith(SEND) && value instanceof Integer id) batch[cpu[i]] = id;
            if (call[i].equals(DELIVER)) {
                out.add(Choice.ipi(batch[cpu[i]], target(signature[i])));
            } else {
                out.add(Choice.step(cpu[i]));
            }
            if (value == RAISED) break;
        }
        return List.copyOf(out);
    }

    /**
     * A failed trylock, a refused delivery or a model step whose guard was false when it ran
     * took no step (the CPU tries again); everything else did.
     */
    private static boolean happened(String call, Object value) {
        if (value == RAISED) return true;
        if (RETRIED.contains(call)) return Boolean.TRUE.equals(value);
        if (value instanceof StepOutcome<?> o) return o.happened();
        return true;
    }

    private int target(long deliverSignature) {
        for (int t = 0; t < cpus; t++) if (StepSignature.of(DELIVER, t) == deliverSignature) return t;
        throw new IllegalStateException("an IPI delivery to no CPU of " + cpus);
    }
}
