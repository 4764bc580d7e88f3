package shootdown.machine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Interrupt delivery: each CPU's interrupt flag and the IPIs in flight. An IPI is taken by its
 * target only while the target has interrupts enabled, one target at a time, in any order. The
 * machine's INVLPGB broadcasts travel the same way, as batches no interrupt flag holds back.
 */
final class Interrupts {
    private final List<IpiBatch> batches = new ArrayList<>();
    private final boolean[] disabled;
    private int nextBatch;
    /** How {@code flush_tlb_all()} reaches other CPUs on this machine (a feature fixed at boot). */
    private FlushMethod flush = FlushMethod.IPI;
    /** Where this part reports what a step touches (set by its machine). */
    Accesses accesses = new Accesses();

    Interrupts(int cpus) {
        this.disabled = new boolean[cpus];
    }

    private Interrupts(Interrupts from) {
        for (IpiBatch batch : from.batches) batches.add(batch.copy());
        this.disabled = from.disabled.clone();
        this.nextBatch = from.nextBatch;
        this.flush = from.flush;
    }

    FlushMethod flush() {
        return flush;
    }

    void setFlush(FlushMethod method) {
        flush = method;
    }

    Interrupts copy() {
        return new Interrupts(this);
    }

    boolean enabled(int cpu) {
        accesses.irq(cpu, false);
        return !disabled[cpu];
    }

    /** The step {@code local_irq_enable()} or {@code local_irq_disable()}. */
    void local_irq(MachineCore core, int cpu, boolean enable) {
        accesses.irq(cpu, true);
        disabled[cpu] = !enable;
        core.record(cpu, null, () -> enable ? "local_irq_enable()" : "local_irq_disable()", -1);
    }

    /** Whether the target takes the batch now: an IPI only with interrupts on, an INVLPGB always. */
    boolean takes(int batchId, int target) {
        return enabled(target) || !batch(batchId).gated;
    }

    private static BitSet all(int cpus) {
        BitSet all = new BitSet();
        all.set(0, cpus);
        return all;
    }

    /**
     * A new batch from {@code sender} to the CPUs of {@code mask} but itself; the work runs on the
     * sender at once if it is in the mask. Part of a step.
     */
    private IpiBatch send(MachineCore core, int sender, BitSet mask, IpiWork work) {
        BitSet targets = (BitSet) mask.clone();
        targets.clear(sender);
        for (int t = targets.nextSetBit(0); t >= 0; t = targets.nextSetBit(t + 1)) accesses.ipisTo(t, true);
        IpiBatch batch = new IpiBatch(newBatchId(), sender, work, targets, true);
        batches.add(batch);
        if (mask.get(sender)) work.run(core, sender);
        return batch;
    }

    /** The body of {@code on_each_cpu()}: every CPU but the sender gets the IPI. */
    int onEachCpu(MachineCore core, int cpu, IpiWork work) {
        IpiBatch batch = send(core, cpu, all(disabled.length), work);
        core.count("IPI broadcasts (" + work.name() + ")", 1);
        core.record(cpu, null, () -> "on_each_cpu(" + work.describe() + "): ran locally, IPI sent to CPUs "
                + batch.targets, -1);
        return batch.id;
    }

    /** The body of {@code on_each_cpu_mask()}. */
    int onEachCpuMask(MachineCore core, int cpu, BitSet mask, IpiWork work) {
        IpiBatch batch = send(core, cpu, mask, work);
        core.count("IPIs sent (" + work.name() + ")", batch.targets.cardinality());
        core.record(cpu, null, () -> "on_each_cpu_mask(" + mask + ", " + work.describe() + "): "
                + (mask.get(cpu) ? "ran locally, " : "") + "IPI sent to CPUs " + batch.targets, -1);
        return batch.id;
    }

    /**
     * INVLPGB: one broadcast invalidation to every CPU, the sender included, landing on each in
     * its own time (the targets' interrupt flags do not matter). Part of a step.
     */
    int broadcast(MachineCore core, int cpu, IpiWork work) {
        IpiBatch batch = new IpiBatch(newBatchId(), cpu, work, all(disabled.length), false);
        for (int t = 0; t < disabled.length; t++) accesses.ipisTo(t, true);
        batches.add(batch);
        core.count("INVLPGB broadcasts (" + work.name() + ")", 1);
        core.record(cpu, null, () -> "INVLPGB (" + work.describe() + "): broadcast to CPUs " + batch.targets
                + ", lands on each later", -1);
        return batch.id;
    }

    /** CPU {@code target} takes the batch's IPI (or the INVLPGB lands on it): runs its work. Part of a step. */
    void deliver(MachineCore core, int id, int target) {
        IpiBatch batch = batch(id);
        accesses.irq(target, false);
        accesses.ipisTo(target, true);
        if (!batch.pending.get(target) || (batch.gated && disabled[target])) {
            throw new IllegalStateException("IPI not deliverable");
        }
        batch.work.run(core, target);
        batch.pending.clear(target);
        if (batch.gated) {
            core.record(target, "<IPI>", () -> "takes IPI from CPU" + batch.sender + ": " + batch.work.describe(), -1);
        } else {
            core.record(target, "<INVLPGB>", () -> "INVLPGB from CPU" + batch.sender + " lands: "
                    + batch.work.describe(), -1);
        }
    }

    /** The sender stops waiting: {@code on_each_cpu()} returns, or TLBSYNC completes. Part of a step. */
    void retire(MachineCore core, int cpu, int id) {
        IpiBatch batch = batch(id);
        // The sender has read that every target took it.
        for (int t = batch.targets.nextSetBit(0); t >= 0; t = batch.targets.nextSetBit(t + 1)) accesses.ipisTo(t, false);
        batches.remove(batch);
        core.record(cpu, null, () -> batch.gated ? "on_each_cpu() returns: every CPU has flushed"
                : "TLBSYNC: the INVLPGB has landed on every CPU", -1);
    }

    /**
     * The next batch number: below {@link Rcu#FIRST_CALLBACK}, where RCU callbacks' numbers
     * start (an engine delivers both through one door), reusing numbers of retired batches.
     */
    private int newBatchId() {
        while (true) {
            int id = nextBatch;
            nextBatch = (nextBatch + 1) % Rcu.FIRST_CALLBACK;
            if (batches.stream().noneMatch(b -> b.id == id)) return id;
        }
    }

    IpiBatch batch(int id) {
        for (IpiBatch batch : batches) if (batch.id == id) return batch;
        throw new IllegalStateException("no IPI batch " + id);
    }

    /** IPIs that could be taken now, as {batch, target} pairs, in a fixed order. */
    List<int[]> deliverable() {
        List<int[]> out = new ArrayList<>();
        for (IpiBatch batch : batches) {
            for (int t = batch.pending.nextSetBit(0); t >= 0; t = batch.pending.nextSetBit(t + 1)) {
                if (!batch.gated || !disabled[t]) out.add(new int[] {batch.id, t});
            }
        }
        return out;
    }

    /** Every IPI not yet taken, deliverable now or not. */
    List<PendingIpi> pending() {
        List<PendingIpi> out = new ArrayList<>();
        for (IpiBatch batch : batches) {
            for (int t = batch.pending.nextSetBit(0); t >= 0; t = batch.pending.nextSetBit(t + 1)) {
                out.add(new PendingIpi(batch.id, batch.sender, t, !batch.gated || !disabled[t],
                        batch.gated ? PendingIpi.footprint(t, batch.work) : PendingIpi.landing(t, batch.work)));
            }
        }
        return out;
    }

    /** CPU {@code order[k]} counted as CPU k; {@code rank} is the inverse of {@code order}. */
    void fingerprint(Fingerprint out, int[] order, int[] rank) {
        out.add(batches.size());
        for (IpiBatch batch : batches) batch.fingerprint(out, rank);
        long off = 0;
        for (int k = 0; k < order.length; k++) if (disabled[order[k]]) off |= 1L << k;
        out.add(off);
    }

    /** {@link #encode} with CPU {@code order[k]} written as CPU k ({@code rank} the inverse). */
    void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        for (IpiBatch batch : batches) batch.encodeRenamed(out, rank);
        for (int cpu : order) out.append(disabled[cpu] ? 'D' : 'E');
    }

    void encode(StringBuilder out) {
        for (IpiBatch batch : batches) batch.encode(out);
        for (boolean off : disabled) out.append(off ? 'D' : 'E');
    }
}
