package shootdown.model.wb;

import java.util.List;
import shootdown.machine.Hex;
import shootdown.machine.Caches;
import shootdown.model.KernelCode;

/** arch/x86/kvm/svm/svm.c: the SEV hooks of vCPU load and of a guest run (VMRUN), for vCPU {@code vcpu} of VM {@code kvm}. */
public class Svm extends KernelCode {
    protected Sev sev;
    protected int me;

    @Override
    protected void boot() {
        sev = kernel(Sev.class);
        me = cpu.id();
    }

    protected void svm_vcpu_load(int kvm, int vcpu, boolean wantsToRun) {
        sev.sev_vcpu_load(kvm, wantsToRun);
    }

    /** Runs with interrupts off (see {@link X86#vcpu_enter_guest}). */
    protected void svm_vcpu_run(int kvm, int vcpu) {
        pre_svm_run(kvm);
        svm_vcpu_enter_exit(kvm, vcpu);
    }

    /** {@code if (sev_guest(vcpu->kvm)) pre_sev_run(svm, cpu)}: whether the VM is SEV only changes under vcpu->mutex. */
    protected void pre_svm_run(int kvm) {
        if (sev.sev_guest(kvm)) sev.pre_sev_run(kvm);
    }

    /**
     * VMRUN to #VMEXIT, one step: the guest may write every frame still mapped in its NPT. An
     * SEV guest's writes leave dirty lines tagged with its ASID in this CPU's cache; a guest that
     * is not SEV writes plain memory, which the caches keep coherent.
     */
    protected void svm_vcpu_enter_exit(int kvm, int vcpu) {
        String[] wrote = new String[1]; // for the trace only: the step's result stays null
        cpu.step(core -> {
            if (core.device(Vcpus.class).loadedOn(vcpu) != me) {
                throw new IllegalStateException("VMRUN of vcpu" + vcpu + " on CPU" + me + " where it is not loaded");
            }
            KvmSevInfo sev = core.device(Kvms.class).sev(kvm);
            List<Long> gfns = core.device(GuestMemory.class).mapped();
            if (!sev.active) {
                wrote[0] = "(not an SEV guest) plain memory";
                return null;
            }
            Caches caches = core.device(Caches.class);
            for (long gfn : gfns) caches.write(me, sev.asid, gfn);
            wrote[0] = "(ASID " + sev.asid + ") " + (gfns.isEmpty() ? "no mapped frame"
                    : "gfns " + Hex.of(gfns) + ", dirty lines stay in CPU" + me + "'s cache");
            return null;
        }, r -> "VMRUN vcpu" + vcpu + " of VM " + kvm + ": the guest writes " + wrote[0] + "; #VMEXIT");
    }

}
