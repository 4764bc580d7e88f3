package shootdown.model.wb;

import java.util.stream.Collectors;
import shootdown.machine.Caches;
import shootdown.machine.CpuSet;
import shootdown.machine.MachineCore;
import shootdown.model.KernelCode;

/**
 * virt/kvm/kvm_main.c: loading and putting a vCPU on this host CPU, the MMU notifier that
 * reclaims guest memory, and destroying a VM. A vCPU's VM is fixed by the layout
 * ({@code vcpu->kvm}).
 */
public class KvmMain extends KernelCode {
    /** Cost counters: reclaims, and CPUs that held a dirty line of the reclaimed frame. */
    static final String RECLAIMS = "reclaims";
    static final String DIRTY_AT_RECLAIM = "CPUs holding dirty lines of the reclaimed frame";

    protected X86 x86;
    protected Sev sev;
    protected final int asid = WbInstance.ASID;
    protected int me;
    protected HostLayout host;

    @Override
    protected void boot() {
        x86 = kernel(X86.class);
        sev = kernel(Sev.class);
        me = cpu.id();
    }

    final void bindHost(HostLayout layout) {
        host = layout;
    }

    private static Vcpus vcpus(MachineCore core) {
        return core.device(Vcpus.class);
    }

    /** {@code vcpu->kvm}. */
    public int kvm_of(int vcpu) {
        return host.kvm_of(vcpu);
    }

    /**
     * {@code vcpu_load()} behind {@code kvm_vcpu_ioctl()}: by KVM_RUN ({@code wants_to_run}), by
     * the scheduler putting the vCPU thread back on a CPU during KVM_RUN, or by another vCPU ioctl
     * ({@code wants_to_run} false). The vCPU's thread is on one CPU at a time, and its
     * {@code vcpu->mutex} may be held by {@code kvm_lock_all_vcpus()}: loading waits for both.
     * A VM marked dead fails the ioctl with -EIO (false), without loading.
     */
    public boolean vcpu_load(int vcpu, boolean wantsToRun) {
        int kvm = kvm_of(vcpu);
        boolean loaded = cpu.stepWhen(core -> !vcpus(core).loaded(vcpu) && !core.device(Kvms.class).kvm(kvm).vcpus_locked,
                core -> {
                    if (core.device(Kvms.class).kvm(kvm).vm_dead) return false;
                    vcpus(core).load(vcpu, me, wantsToRun);
                    return true;
                }, ok -> ok ? "vcpu_load(vcpu" + vcpu + "): kvm_running_vcpu = vcpu" + vcpu
                        + (wantsToRun ? " (KVM_RUN)" : " (vCPU ioctl, wants_to_run = false)")
                        : "kvm_vcpu_ioctl(vcpu" + vcpu + "): VM " + kvm + " is dead: -EIO");
        if (loaded) x86.kvm_arch_vcpu_load(kvm, vcpu, wantsToRun);
        return loaded;
    }

    /**
     * The KVM_RUN ioctl of one vCPU thread scheduled on this CPU, whole: load the vCPU,
     * {@code vcpu_run()} entering the guest {@code entries} times (exits handled in the kernel,
     * the vCPU staying loaded), then put it. Loading waits while the vCPU is loaded elsewhere,
     * as vcpu->mutex makes a second ioctl wait, so running one vCPU on two CPUs is a migration.
     */
    public void kvm_arch_vcpu_ioctl_run(int vcpu, int entries) {
        if (!vcpu_load(vcpu, true)) return;
        for (int i = 0; i < entries; i++) x86.vcpu_enter_guest(kvm_of(vcpu), vcpu);
        vcpu_put(vcpu);
    }

    public void vcpu_enter_guest(int vcpu) {
        x86.vcpu_enter_guest(kvm_of(vcpu), vcpu);
    }

    public void vcpu_put(int vcpu) {
        cpu.step(core -> {
            vcpus(core).put(vcpu, me);
            return null;
        }, r -> "vcpu_put(vcpu" + vcpu + "): kvm_running_vcpu = NULL");
    }

    /**
     * Reclaim of one guest frame by a host thread: every VM mapping it (each its own MMU
     * notifier on the mm) zaps it from its NPT, so no vCPU can write it afterwards, and lets the
     * arch flush caches; then the page goes back to the host.
     */
    public void kvm_mmu_notifier_invalidate_range_start(long gfn) {
        cpu.step(core -> {
            core.device(GuestMemory.class).unmap(gfn);
            int dirty = core.device(Caches.class).holders(asid, gfn).size();
            core.count(RECLAIMS, 1);
            core.count(DIRTY_AT_RECLAIM, dirty);
            return null;
        }, r -> "kvm_unmap_gfn_range(gfn 0x" + Long.toHexString(gfn) + "): zapped from the NPT"
                + (host.vms() > 1 ? " of every VM" : "") + ", remote TLBs flushed");
        // kvm_arch_guest_memory_reclaimed() of each VM, newest notifier first (hlist_add_head_rcu())
        for (int kvm = host.vms() - 1; kvm >= 0; kvm--) sev.sev_guest_memory_reclaimed(kvm);
        cpu.stepThenCheck(core -> core.device(Caches.class).holderSet(asid, gfn),
                holders -> "returns: gfn 0x" + Long.toHexString(gfn) + " handed back to the host"
                        + (holders.isEmpty() ? ", no CPU holds a dirty line for it"
                        : " while " + cpus(holders) + (Long.bitCount(holders.bits()) == 1 ? " still holds" : " still hold")
                        + " a dirty line of ASID " + asid + " for it"),
                (core, holders) -> core.device(Caches.class).checkReclaimed(core, me, asid, gfn));
    }

    /**
     * {@code kvm_destroy_vm()}, once the last reference is gone: no vCPU of the VM is loaded any
     * more, its MMU notifier is unregistered, then {@code kvm_arch_destroy_vm()} runs
     * {@code sev_vm_destroy()}.
     */
    public void kvm_destroy_vm(int kvm) {
        HostLayout layout = host;
        cpu.stepWhen(core -> !vcpus(core).anyLoaded(layout, kvm), core -> {
            core.device(Kvms.class).kvm(kvm).destroyed = true;
            return null;
        }, r -> "kvm_destroy_vm(VM " + kvm + "): mmu_notifier_unregister()");
        sev.sev_vm_destroy(kvm);
    }

    private static String cpus(CpuSet ids) {
        return ids.toBitSet().stream().mapToObj(c -> "CPU" + c).collect(Collectors.joining(", "));
    }
}
