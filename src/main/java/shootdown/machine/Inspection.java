package shootdown.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What engines read from a machine between its steps (never a step itself): the trace, the cost
 * counters, the final outcome, the state key, and the IPIs in flight. Each read holds the
 * machine's monitor, as a step does.
 */
public final class Inspection {
    private final MachineCore core;
    /** What the step being run touches, while an engine checks footprints (every part reports here). */
    final Accesses accesses = new Accesses();

    Inspection(MachineCore core) {
        this.core = core;
    }

    public void enableTrace() {
        synchronized (core) {
            core.trace.enable();
        }
    }

    public List<TraceEvent> trace() {
        synchronized (core) {
            return core.trace.events();
        }
    }

    /** Steps taken so far: the number a hazard raised now would carry. */
    public int steps() {
        synchronized (core) {
            return core.trace.steps();
        }
    }

    public Map<String, Long> counters() {
        synchronized (core) {
            return core.counters.snapshot();
        }
    }

    /** What the run left behind (see {@link FinalOutcome}). */
    public String outcome() {
        synchronized (core) {
            return FinalOutcome.of(core);
        }
    }

    /**
     * From now until {@link #accessesRecorded()}, the machine notes every part the step being
     * run reads or writes: an engine checks that against the step's declared footprint.
     */
    public void startRecordingAccesses() {
        synchronized (core) {
            accesses.start();
        }
    }

    /** What was touched since {@link #startRecordingAccesses()}; recording stops. */
    public Footprint accessesRecorded() {
        synchronized (core) {
            return accesses.stop();
        }
    }

    /** A canonical text of everything shared (the threaded search's visited-state key). */
    public String encodeState() {
        synchronized (core) {
            return StateKey.encode(core);
        }
    }

    /** {@link #encodeState()} with CPU {@code order[k]} written as CPU k (for checks of the CPU symmetry). */
    public String encodeState(int[] order) {
        synchronized (core) {
            return StateKey.encodeRenamed(core, order);
        }
    }

    /** The state's fingerprint, CPU {@code order[k]} counted as CPU k (null: as numbered). */
    public void fingerprint(int[] order, Fingerprint out) {
        synchronized (core) {
            StateKey.fingerprint(core, order, out);
        }
    }

    /** The part of the key that names no CPU (see {@link StateKey#sharedPart}). */
    public void sharedFingerprint(Fingerprint out) {
        synchronized (core) {
            StateKey.sharedPart(core, out);
        }
    }

    /** The part of the key that names CPUs, CPU {@code order[k]} counted as CPU k. */
    public void renumberedFingerprint(int[] order, Fingerprint out) {
        synchronized (core) {
            StateKey.renumberedPart(core, order, out);
        }
    }

    /** Orders two CPUs by what tells them apart in the machine (see {@link StateKey#compareCpus}). */
    public int compareCpus(int a, int b) {
        synchronized (core) {
            return StateKey.compareCpus(core, a, b);
        }
    }

    /**
     * IPIs that could be taken now, as {batch, target} pairs, in a fixed order; then the RCU
     * callbacks whose grace period has elapsed, as {callback, the CPU that queued it} (an RCU
     * callback runs from softirq, an interrupt-context move like an IPI: see {@link Rcu}).
     */
    public List<int[]> deliverableIpis() {
        synchronized (core) {
            List<int[]> out = new ArrayList<>(core.interrupts.deliverable());
            for (PendingIpi cb : core.rcu.asInterrupts()) if (cb.deliverable()) out.add(new int[] {cb.batch(), cb.target()});
            return out;
        }
    }

    /** Every IPI not yet taken, deliverable now or not (the target may have interrupts off); then every RCU callback. */
    public List<PendingIpi> pendingIpis() {
        synchronized (core) {
            List<PendingIpi> out = new ArrayList<>(core.interrupts.pending());
            out.addAll(core.rcu.asInterrupts());
            return out;
        }
    }

    // ---- what guards and device steps read ----

    /** The CPU holding the lock, or {@link SpinLock#UNLOCKED}. */
    public int holder(SpinLock lock) {
        synchronized (core) {
            return core.locks.owner(lock);
        }
    }

    public boolean holds(int cpu, SpinLock lock) {
        return holder(lock) == cpu;
    }

    public boolean isUnlocked(SpinLock lock) {
        return holder(lock) == SpinLock.UNLOCKED;
    }

    /** How {@code cpu} holds the lock: "read", "write", or null. */
    public String heldBy(int cpu, RwLock lock) {
        synchronized (core) {
            return core.locks.heldBy(cpu, lock);
        }
    }

    public boolean isReadable(RwLock lock) {
        synchronized (core) {
            return core.locks.writer(lock) == SpinLock.UNLOCKED;
        }
    }

    public boolean isWritable(RwLock lock) {
        synchronized (core) {
            return isReadable(lock) && !core.locks.hasReaders(lock);
        }
    }

    public boolean irqsEnabled(int cpu) {
        synchronized (core) {
            return core.interrupts.enabled(cpu);
        }
    }

    /** The targets of a batch that still have to take its IPI. */
    public int[] pendingTargets(int batchId) {
        synchronized (core) {
            return core.interrupts.batch(batchId).pending.stream().toArray();
        }
    }

    public boolean ipiDone(int batchId) {
        synchronized (core) {
            return core.interrupts.batch(batchId).pending.isEmpty();
        }
    }

    /** Every TLB entry CPU {@code cpu} holds for {@code page}: under the worst-case TLB a write may use any. */
    public List<TlbEntry> tlbEntriesCovering(int cpu, long page) {
        synchronized (core) {
            return core.tlbs.covering(cpu, page);
        }
    }

    /** How {@code flush_tlb_all()} reaches the other CPUs (a feature fixed at boot). */
    public FlushMethod flushMethod() {
        synchronized (core) {
            return core.interrupts.flush();
        }
    }

    /**
     * H6 for a kernel access of the page on CPU {@code cpu} that a device step makes (a host
     * write): the hazard to throw from the step's check if the live tables map it nowhere
     * present, else null.
     */
    public HazardException notPresent(int cpu, long page, String access) {
        synchronized (core) {
            Hazard fault = HazardMonitor.notPresent(core.map, core.tlbs, cpu, page, access, core.trace.steps());
            return fault == null ? null : new HazardException(fault);
        }
    }

    /** Evaluates a guard against the machine (for steps that wait). */
    public boolean test(Predicate<MachineCore> guard) {
        synchronized (core) {
            return guard.test(core);
        }
    }
}
