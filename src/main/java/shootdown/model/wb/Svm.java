package shootdown.model.wb;

import java.util.List;
import java.util.stream.Collectors;
import shootdown.machine.Caches;
import shootdown.model.KernelCode;

/** arch/x86/kvm/svm/svm.c: the SEV hooks of vCPU load and of a guest run (VMRUN). */
public class Svm extends KernelCode {
    protected Sev sev;
    protected final int asid = WbInstance.ASID;
    protected int me;

    @Override
    protected void boot() {
        sev = kernel(Sev.class);
        me = cpu.id();
    }

    protected void svm_vcpu_load(int vcpu, boolean wantsToRun) {
        sev.sev_vcpu_load(wantsToRun);
    }

    /** Runs with interrupts off (see {@link X86#vcpu_enter_guest}). */
    protected void svm_vcpu_run(int vcpu) {
        pre_svm_run();
        svm_vcpu_enter_exit(vcpu);
    }

    protected void pre_svm_run() {
        sev.pre_sev_run();
    }

    /**
     * VMRUN to #VMEXIT, one step: the guest may write every frame still mapped in its NPT, and
     * each write leaves a dirty line tagged with its ASID in this CPU's cache.
     */
    protected void svm_vcpu_enter_exit(int vcpu) {
        String[] wrote = new String[1]; // for the trace only: the step's result stays null
        cpu.step(core -> {
            if (core.device(Vcpus.class).loadedOn(vcpu) != me) {
                throw new IllegalStateException("VMRUN of vcpu" + vcpu + " on CPU" + me + " where it is not loaded");
            }
            List<Long> gfns = core.device(GuestMemory.class).mapped();
            Caches caches = core.device(Caches.class);
            for (long gfn : gfns) caches.write(me, asid, gfn);
            wrote[0] = gfns.isEmpty() ? "no mapped frame" : "gfns " + hex(gfns) + ", dirty lines stay in CPU" + me + "'s cache";
            return null;
        }, r -> "VMRUN vcpu" + vcpu + " (ASID " + asid + "): the guest writes " + wrote[0] + "; #VMEXIT");
    }

    static String hex(List<Long> gfns) {
        return gfns.stream().map(g -> "0x" + Long.toHexString(g)).collect(Collectors.joining(", ", "[", "]"));
    }
}
