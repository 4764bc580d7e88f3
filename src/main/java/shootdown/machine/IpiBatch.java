package shootdown.machine;

import java.util.BitSet;

/**
 * One {@code on_each_cpu()} call in flight: the CPUs that have not yet taken the IPI. Or one
 * INVLPGB broadcast in flight ({@code gated} false): the CPUs, the sender included, where the
 * invalidation has not landed yet; it lands whatever the target's interrupt flag.
 */
final class IpiBatch {
    final int id;
    final int sender;
    final IpiWork work;
    /** True for an IPI, taken only while the target has interrupts enabled; false for INVLPGB. */
    final boolean gated;
    /** The CPUs it was sent to, and those of them that have not taken it yet. */
    final BitSet targets;
    final BitSet pending;
    /** The hashes of the work's description, for fingerprints. */
    private long[] workHashes;

    IpiBatch(int id, int sender, IpiWork work, BitSet pending, boolean gated) {
        this(id, sender, work, (BitSet) pending.clone(), pending, gated);
    }

    private IpiBatch(int id, int sender, IpiWork work, BitSet targets, BitSet pending, boolean gated) {
        this.id = id;
        this.sender = sender;
        this.work = work;
        this.targets = targets;
        this.pending = pending;
        this.gated = gated;
    }

    IpiBatch copy() {
        IpiBatch out = new IpiBatch(id, sender, work, targets, (BitSet) pending.clone(), gated);
        out.workHashes = workHashes;
        return out;
    }

    void fingerprint(Fingerprint out, int[] rank) {
        if (workHashes == null) workHashes = Fingerprint.hashes(work.describe());
        long renamed = 0;
        for (int cpu = pending.nextSetBit(0); cpu >= 0; cpu = pending.nextSetBit(cpu + 1)) renamed |= 1L << rank[cpu];
        out.add(rank[sender]);
        out.add(workHashes);
        out.add(renamed);
        out.add(gated ? 1 : 0);
    }

    /** {@link #encode} with CPU c written as CPU {@code rank[c]}. */
    void encodeRenamed(StringBuilder out, int[] rank) {
        BitSet renamed = new BitSet();
        for (int cpu = pending.nextSetBit(0); cpu >= 0; cpu = pending.nextSetBit(cpu + 1)) renamed.set(rank[cpu]);
        out.append(gated ? "ipi" : "invlpgb").append(rank[sender]).append(work.describe()).append(renamed);
    }

    /** The batch in canonical form; its number is left out. */
    void encode(StringBuilder out) {
        out.append(gated ? "ipi" : "invlpgb").append(sender).append(work.describe()).append(pending);
    }
}
