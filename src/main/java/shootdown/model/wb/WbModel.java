package shootdown.model.wb;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import shootdown.machine.Sched;
import shootdown.model.KernelCode;
import shootdown.model.Layout;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Operation;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/** SEV cache flush on reclaim: arch/x86/kvm/svm/sev.c, have_run_cpus and sev_writeback_caches(). */
public final class WbModel implements Model {
    public static final WbModel INSTANCE = new WbModel();

    private final List<Variant> variants = List.of(
            Variant.mainline(this, "sticky-mask", "have_run_cpus set in pre_sev_run(), never cleared (merged, 6f38f8c57464); "
                    + "intra-host migration writes back the source's CPUs before clearing its SEV state; destruction frees "
                    + "and NULLs the mask", "6f38f8c57464, 973ea70393e8, 8abbc76120a7"),
            Variant.of(this, "wbinvd-all-cpus", "wbinvd_on_all_cpus() on every reclaim", "before 6f38f8c57464",
                    Sev.class, WbinvdAllCpus::new),
            Variant.of(this, "test-and-clear", "test_and_clear each CPU, then flush it; flushers not serialized",
                    "seed 002", Sev.class, TestAndClear::new),
            Variant.of(this, "flush-then-clear", "flush a snapshot of the mask, then clear the snapshot's bits",
                    "seed 002", Sev.class, FlushThenClear::new),
            Variant.of(this, "mark-at-load", "mark at vcpu_load() (if wants_to_run) only, clear when flushing",
                    "v4 series (seed 002)", Sev.class, MarkAtLoad::new),
            Variant.of(this, "non-atomic-set", "__cpumask_set_cpu() in pre_sev_run(), never cleared", "seed 002",
                    Sev.class, NonAtomicSet::new),
            Variant.of(this, "serialized-clear", "the kernel's to-do comment: clear under a flush mutex, CPUs running a "
                    + "vCPU of the VM mark themselves again", "the to-do comment in sev.c (seed 002)", Sev.class,
                    SerializedClear::new),
            Variant.of(this, "serialized-clear-no-remark", "clear under a flush mutex, no re-marking in the IPI", "",
                    Sev.class, SerializedClearNoRemark::new),
            Variant.of(this, "migrate-no-source-writeback", "intra-host migration without cache maintenance on the source; "
                    + "sev_vm_destroy() frees have_run_cpus only while the VM is SEV", "93de2a6a4b91, 12c1f6e03f94 (the "
                    + "code before them)", Sev.class, MigrateNoSourceWriteback::new),
            Variant.of(this, "migrate-writeback-after-clear", "the source's CPUs written back after sev_migrate_from() "
                    + "cleared its SEV state; have_run_cpus freed on every destruction, its pointer left dangling",
                    "93de2a6a4b91, 12c1f6e03f94 (before 973ea70393e8, 8abbc76120a7)", Sev.class,
                    MigrateWritebackAfterClear::new));

    private final List<Operation> operations = List.of(
            new Operation("vcpu_load", "vcpu", "load the vCPU on this CPU for KVM_RUN (waits while it is loaded elsewhere)",
                    (k, vcpu) -> k.get(KvmMain.class).vcpu_load((int) vcpu, true)),
            new Operation("vcpu_load_ioctl", "vcpu", "load the vCPU for another ioctl (wants_to_run false)",
                    (k, vcpu) -> k.get(KvmMain.class).vcpu_load((int) vcpu, false)),
            new Operation("vcpu_enter_guest", "vcpu", "one guest entry: pre_sev_run(), VMRUN, #VMEXIT, interrupts off",
                    (k, vcpu) -> k.get(KvmMain.class).vcpu_enter_guest((int) vcpu)),
            new Operation("vcpu_put", "vcpu", "put the vCPU", (k, vcpu) -> k.get(KvmMain.class).vcpu_put((int) vcpu)),
            new Operation("kvm_arch_vcpu_ioctl_run", "vcpu", "a whole KVM_RUN: load, enter the guest, put",
                    (k, vcpu) -> k.get(KvmMain.class).kvm_arch_vcpu_ioctl_run((int) vcpu, WbInstance.ENTRIES_PER_RUN)),
            new Operation("reclaim", "gfn", "reclaim the guest frame: zap it, write back caches, hand it to the host",
                    (k, gfn) -> k.get(KvmMain.class).kvm_mmu_notifier_invalidate_range_start(gfn)),
            new Operation("sev_vm_move_enc_context_from", "unused", "intra-host migration: VM 1 takes VM 0's encryption "
                    + "context (a migrate-guest layout)",
                    (k, unused) -> k.get(Sev.class).sev_vm_move_enc_context_from(HostLayout.DESTINATION, HostLayout.SOURCE)),
            new Operation("kvm_destroy_vm", "vm", "destroy the VM once no vCPU of it is loaded: sev_vm_destroy()",
                    (k, vm) -> k.get(KvmMain.class).kvm_destroy_vm((int) vm)),
            new Operation("sev_guest_init_fails", "vm", "KVM_SEV_INIT2 of an SNP VM whose snp_guest_req_init() fails "
                    + "after have_run_cpus was allocated", (k, vm) -> k.get(Sev.class).sev_guest_init_fails((int) vm)));

    private WbModel() {
    }

    @Override
    public String name() {
        return "wb";
    }

    @Override
    public String title() {
        return "SEV cache flush on reclaim: arch/x86/kvm/svm/sev.c (have_run_cpus, sev_writeback_caches())";
    }

    @Override
    public Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> kernelFiles() {
        return Map.of(Sev.class, Sev::new, Svm.class, Svm::new, X86.class, X86::new, KvmMain.class, KvmMain::new);
    }

    @Override
    public List<Variant> variants() {
        return variants;
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }

    @Override
    public List<Layout> layouts() {
        return List.of(new Layout("guest-2-frames", "one SEV guest with 2 guest frames mapped; every cache clean"),
                new Layout("guest-N-frames", "the same with N frames mapped (any N), e.g. guest-1-frames"),
                new Layout("migrate-guest-N-frames", "VM 0, an SEV guest with vCPUs 0-1, and VM 1, not yet SEV, with "
                        + "vCPUs 2-3, both mapping the same N frames (the destination of an intra-host migration takes over "
                        + "the source's memory)"));
    }

    @Override
    public boolean hasLayout(String name) {
        return HostLayout.matches(name);
    }

    /**
     * Whole KVM_RUN ioctls of two vCPUs of the SEV guest (a vCPU run on two CPUs migrates between
     * them) and of one vCPU of the destination VM, reclaims of two guest frames, and the
     * intra-host migration of the guest's encryption context to the destination. A run loads its
     * vCPU, enters the guest and puts it itself, so no operation depends on another having run
     * first (a run of a VM that is dead, or not SEV yet, leaves nothing in the caches); two vCPUs
     * let two CPUs mark a mask at once, two frames let a second reclaim follow a re-entry, and a
     * second migration finds the source no longer SEV.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("kvm_arch_vcpu_ioctl_run", 0), new Op("kvm_arch_vcpu_ioctl_run", 1),
                new Op("reclaim", 0), new Op("reclaim", 1), new Op("sev_vm_move_enc_context_from", 0),
                new Op("kvm_arch_vcpu_ioctl_run", HostLayout.SOURCE_VCPUS));
    }

    @Override
    public String proveLayout() {
        return "migrate-guest-2-frames";
    }

    @Override
    public String proveAssumptions() {
        return "an SEV guest (VM 0, one ASID, vCPUs 0-1) and a VM that may take over its encryption context by "
                + "intra-host migration (VM 1, vCPU 2), both mapping the same 2 guest frames; every cache clean and the "
                + "guest's have_run_cpus empty at boot; each guest entry of an SEV guest writes every frame still mapped "
                + "(the worst case); a KVM_RUN enters the guest once (a vCPU re-enters by a second KVM_RUN); host CPUs = "
                + "the CPUs of the bound; IPIs taken in any order, never while a CPU runs the guest with interrupts off; "
                + "VM creation and destruction outside the bound (rows WB-10 and WB-11 check them)";
    }

    /**
     * Host CPUs are alike but for what the machine holds for each, which a renumbering renames:
     * the CPU's cache (per-CPU dirty lines), its bit in each VM's {@code have_run_cpus}, the flush
     * mutex's owner, the vCPU it runs and the CPU each vCPU is loaded on ({@link Vcpus}). The code
     * names CPUs only so: {@code pre_sev_run()} sets this CPU's own bit, a flush IPIs the CPUs
     * it read from the mask (a {@link shootdown.machine.CpuSet}, renamed with the rest), and an
     * IPI's work runs on whichever CPU takes it. vCPUs and VMs are not CPUs and keep their numbers.
     */
    @Override
    public boolean cpusInterchangeable() {
        return true;
    }

    /**
     * Not for a flush that walks the mask CPU by CPU in their numbers' order (test-and-clear and
     * the designs built on it, flush-then-clear): its interleavings depend on which CPU is lowest.
     * Not for a user's variant either: the cpumask helpers hand its code CPU numbers, which it may
     * walk in order, as example 06 does.
     */
    @Override
    public boolean cpusInterchangeable(Variant variant, String layout) {
        if (!variant.builtIn()) return false;
        java.util.function.Supplier<? extends KernelCode> sev = variant.files().get(Sev.class);
        return !(sev == null ? new Sev() : (Sev) sev.get()).walksCpusInOrder();
    }

    @Override
    public ModelInstance newInstance(Variant variant, Scenario scenario, Sched sched) {
        return new WbInstance(variant, scenario, sched);
    }
}
