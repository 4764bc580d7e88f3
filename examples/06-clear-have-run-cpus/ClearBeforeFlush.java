/*
 * 06. A kernel to-do, written out: clearing have_run_cpus (seed 002; arch/x86/kvm/svm/sev.c).
 *
 * Mainline (6f38f8c57464) never clears the mask: "TODO: Clear CPUs from the bitmap prior to
 * flushing. Doing so requires serializing multiple calls and having CPUs mark themselves
 * 'dirty' if they are currently running a vCPU for the VM." This variant does exactly that: a
 * mutex around the reclaim's flush, each CPU taken out of the mask before it is flushed, and the
 * IPI function marking a CPU that runs a vCPU of the VM again. The proof finds no dirty line
 * left on reclaim. The certificate against mainline rejects it, and says why: a cleared mask is
 * an outcome mainline never reaches, by design; what matters is that no H4 is found.
 *
 * Run:    ./shootdown prove wb --variant-file examples/06-clear-have-run-cpus/ClearBeforeFlush.java --ops 2
 * Answer: PROVED
 * Run:    ./shootdown prove wb --compare WB-1 --variant-file examples/06-clear-have-run-cpus/ClearBeforeFlush.java
 * Answer: REJECTED, have_run_cpus
 */
import java.util.BitSet;
import shootdown.machine.IpiWork;
import shootdown.model.wb.Sev;

/** Clear each CPU from have_run_cpus before flushing it, under a mutex; running CPUs mark themselves again. */
public class ClearBeforeFlush extends Sev {
    @Override
    protected void sev_writeback_caches(int kvm) {
        mutex_lock(kvm);
        BitSet flush = new BitSet();
        for (int c = cpumask_next(kvm, 0); c >= 0; c = cpumask_next(kvm, c + 1)) {
            if (cpumask_test_and_clear_cpu(kvm, c)) flush.set(c);
        }
        if (!flush.isEmpty()) wbnoinvd_on_cpus_mask(kvm, flush);
        mutex_unlock(kvm);
    }

    @Override
    protected IpiWork wbnoinvd_work(int kvm) {
        return wbnoinvd_mark_running(kvm); // "having CPUs mark themselves dirty if they are running a vCPU"
    }
}
