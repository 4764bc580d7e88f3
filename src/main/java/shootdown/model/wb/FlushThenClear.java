package shootdown.model.wb;

import java.util.BitSet;
import shootdown.machine.IpiWork;

/**
 * Flush a snapshot of the mask, then clear the snapshot's bits, under the flush mutex: a vCPU
 * that entered the guest again after its CPU was flushed loses its bit to the clear (WB-3).
 */
public class FlushThenClear extends Sev {
    @Override
    protected void sev_writeback_caches(int kvm) {
        mutex_lock(kvm);
        BitSet snapshot = cpumask_copy(kvm);
        if (!snapshot.isEmpty()) {
            wbnoinvd_on_cpus_mask(kvm, snapshot);
            for (int c = snapshot.nextSetBit(0); c >= 0; c = snapshot.nextSetBit(c + 1)) cpumask_clear_cpu(kvm, c);
        }
        mutex_unlock(kvm);
    }

    @Override
    protected IpiWork wbnoinvd_work(int kvm) {
        return wbnoinvd_mark_running(kvm);
    }

    /** The flush clears the snapshot's CPUs one step each, lowest first. */
    @Override
    boolean walksCpusInOrder() {
        return true;
    }
}
