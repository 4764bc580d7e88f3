package shootdown.model.wb;

/**
 * The design the kernel's to-do comment proposes: flushers clear the mask under a flush mutex,
 * and the CPUs running a vCPU of the VM mark themselves again when they take the IPI (WB-6).
 */
public class SerializedClear extends TestAndClear {
    @Override
    protected void sev_writeback_caches(int kvm) {
        mutex_lock(kvm);
        super.sev_writeback_caches(kvm);
        mutex_unlock(kvm);
    }
}
