package shootdown.model.wb;

import shootdown.model.KernelCode;

/** arch/x86/kvm/x86.c: entering the guest, and the arch part of loading a vCPU. */
public class X86 extends KernelCode {
    protected Svm svm;

    @Override
    protected void boot() {
        svm = kernel(Svm.class);
    }

    public void kvm_arch_vcpu_load(int kvm, int vcpu, boolean wantsToRun) {
        svm.svm_vcpu_load(kvm, vcpu, wantsToRun);
    }

    /**
     * One guest entry. Interrupts are off from before {@code pre_sev_run()} until after
     * #VMEXIT: an IPI arriving while the guest runs forces the exit and is taken at
     * {@code local_irq_enable()}, so a flush IPI lands before the marking or after the run.
     */
    public void vcpu_enter_guest(int kvm, int vcpu) {
        cpu.local_irq_disable();
        svm.svm_vcpu_run(kvm, vcpu);
        cpu.local_irq_enable();
    }
}
