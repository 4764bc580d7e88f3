package shootdown.machine;

import java.util.BitSet;

/** One {@code on_each_cpu()} call in flight: the CPUs that have not yet taken the IPI. */
final class IpiBatch {
    final int id;
    final int sender;
    final IpiWork work;
    final BitSet pending;

    IpiBatch(int id, int sender, IpiWork work, BitSet pending) {
        this.id = id;
        this.sender = sender;
        this.work = work;
        this.pending = pending;
    }

    IpiBatch copy() {
        return new IpiBatch(id, sender, work, (BitSet) pending.clone());
    }

    void encode(StringBuilder out) {
        out.append("ipi").append(sender).append(work.describe()).append(pending);
    }
}
