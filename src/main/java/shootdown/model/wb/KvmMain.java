package shootdown.model.wb;

import java.util.List;
import java.util.stream.Collectors;
import shootdown.machine.Caches;
import shootdown.machine.MachineCore;
import shootdown.model.KernelCode;

/**
 * virt/kvm/kvm_main.c: loading and putting a vCPU on this host CPU, and the MMU notifier that
 * reclaims guest memory.
 */
public class KvmMain extends KernelCode {
    /** Cost counters: reclaims, and CPUs that held a dirty line of the reclaimed frame. */
    static final String RECLAIMS = "reclaims";
    static final String DIRTY_AT_RECLAIM = "CPUs holding dirty lines of the reclaimed frame";

    protected X86 x86;
    protected Sev sev;
    protected final int asid = WbInstance.ASID;
    protected int me;

    @Override
    protected void boot() {
        x86 = kernel(X86.class);
        sev = kernel(Sev.class);
        me = cpu.id();
    }

    private static Vcpus vcpus(MachineCore core) {
        return core.device(Vcpus.class);
    }

    /**
     * {@code vcpu_load()}: by KVM_RUN ({@code wants_to_run}), by the scheduler putting the vCPU
     * thread back on a CPU during KVM_RUN, or by another vCPU ioctl ({@code wants_to_run} false).
     * The vCPU's thread is on one CPU at a time: loading waits until it is put elsewhere.
     */
    public void vcpu_load(int vcpu, boolean wantsToRun) {
        cpu.stepWhen(core -> !vcpus(core).loaded(vcpu), core -> {
            vcpus(core).load(vcpu, me, wantsToRun);
            return null;
        }, r -> "vcpu_load(vcpu" + vcpu + "): kvm_running_vcpu = vcpu" + vcpu
                + (wantsToRun ? " (KVM_RUN)" : " (vCPU ioctl, wants_to_run = false)"));
        x86.kvm_arch_vcpu_load(vcpu, wantsToRun);
    }

    /**
     * The KVM_RUN ioctl of one vCPU thread scheduled on this CPU, whole: load the vCPU,
     * {@code vcpu_run()} entering the guest {@code entries} times (exits handled in the kernel,
     * the vCPU staying loaded), then put it. Loading waits while the vCPU is loaded elsewhere,
     * as vcpu->mutex makes a second ioctl wait, so running one vCPU on two CPUs is a migration.
     */
    public void kvm_arch_vcpu_ioctl_run(int vcpu, int entries) {
        vcpu_load(vcpu, true);
        for (int i = 0; i < entries; i++) x86.vcpu_enter_guest(vcpu);
        vcpu_put(vcpu);
    }

    public void vcpu_put(int vcpu) {
        cpu.step(core -> {
            vcpus(core).put(vcpu, me);
            return null;
        }, r -> "vcpu_put(vcpu" + vcpu + "): kvm_running_vcpu = NULL");
    }

    /**
     * Reclaim of one guest frame by a host thread: zap it from the NPT (no vCPU can write it
     * afterwards), let the arch flush caches, then return: the page goes back to the host.
     */
    public void kvm_mmu_notifier_invalidate_range_start(long gfn) {
        cpu.step(core -> {
            core.device(GuestMemory.class).unmap(gfn);
            int dirty = core.device(Caches.class).holders(asid, gfn).size();
            core.count(RECLAIMS, 1);
            core.count(DIRTY_AT_RECLAIM, dirty);
            return null;
        }, r -> "kvm_unmap_gfn_range(gfn 0x" + Long.toHexString(gfn) + "): zapped from the NPT, remote TLBs flushed");
        sev.sev_guest_memory_reclaimed(); // kvm_arch_guest_memory_reclaimed()
        cpu.stepThenCheck(core -> core.device(Caches.class).holders(asid, gfn),
                holders -> "returns: gfn 0x" + Long.toHexString(gfn) + " handed back to the host"
                        + (holders.isEmpty() ? ", no CPU holds a dirty line for it"
                        : " while " + cpus(holders) + (holders.size() == 1 ? " still holds" : " still hold")
                        + " a dirty line of ASID " + asid + " for it"),
                (core, holders) -> core.device(Caches.class).checkReclaimed(core, me, asid, gfn));
    }

    private static String cpus(List<Integer> ids) {
        return ids.stream().map(c -> "CPU" + c).collect(Collectors.joining(", "));
    }
}
