package shootdown.model.wb;

import java.util.BitSet;
import shootdown.machine.IpiWork;

/**
 * A flusher that takes each CPU out of the mask with {@code cpumask_test_and_clear_cpu()} and
 * then flushes the ones it took, with flushers not serialized: a second flusher skips a CPU the
 * first has cleared and not flushed yet (WB-2). CPUs running a vCPU of the VM mark themselves
 * again in the IPI.
 */
public class TestAndClear extends Sev {
    @Override
    protected void sev_writeback_caches(int kvm) {
        BitSet flush = new BitSet();
        for (int c = cpumask_next(kvm, 0); c >= 0; c = cpumask_next(kvm, c + 1)) {
            if (cpumask_test_and_clear_cpu(kvm, c)) flush.set(c);
        }
        if (!flush.isEmpty()) wbnoinvd_on_cpus_mask(kvm, flush);
    }

    @Override
    protected IpiWork wbnoinvd_work(int kvm) {
        return wbnoinvd_mark_running(kvm);
    }

    /** The flush tests and clears the CPUs one step each, lowest first. */
    @Override
    boolean walksCpusInOrder() {
        return true;
    }
}
