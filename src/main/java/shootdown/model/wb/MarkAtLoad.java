package shootdown.model.wb;

/**
 * The v4 series: mark the CPU in {@code svm_vcpu_load()} (only for KVM_RUN), nothing before
 * VMRUN, and clear the mask when flushing: a vCPU that stays loaded keeps dirtying lines after
 * its bit was cleared, and never marks itself again (WB-4).
 */
public class MarkAtLoad extends SerializedClearNoRemark {
    @Override
    protected void pre_sev_run(int kvm) {
    }

    @Override
    protected void sev_vcpu_load(int kvm, boolean wantsToRun) {
        if (wantsToRun) cpumask_set_cpu(kvm, me);
    }
}
