package shootdown.model.wb;

import java.util.BitSet;
import shootdown.machine.Caches;
import shootdown.machine.CpuSet;
import shootdown.machine.IpiWork;
import shootdown.machine.KernelSource;
import shootdown.machine.MachineCore;
import shootdown.model.KernelCode;

/**
 * arch/x86/kvm/svm/sev.c, the cache-flush part, as mainline has it, run by one host CPU:
 * {@code pre_sev_run()} marks the CPU in the VM's {@code have_run_cpus} before every VMRUN (a
 * test first, to avoid bouncing the cache line), and {@code sev_writeback_caches()} writes back
 * the caches of the CPUs in the mask when guest memory is reclaimed (6f38f8c57464, 2025; no
 * emptiness test since 923fcb3dbc02). Bits
 * are never cleared; the kernel's comment says why (clearing needs serialized flushers and CPUs
 * that mark themselves again). Intra-host migration ({@code sev_vm_move_enc_context_from()})
 * moves the source's encryption context to a destination with a fresh mask, writing back the
 * source's CPUs first (93de2a6a4b91, moved before the source's SEV state is cleared by
 * 973ea70393e8); VM destruction frees the mask whether or not the VM is still SEV
 * (12c1f6e03f94) and NULLs the pointer (8abbc76120a7). The code of those four 2026 commits is
 * not available: where they put their change is decided from their titles and the code before
 * them. The designs of the 2024-2025 threads and the code before each fix are subclasses. Every
 * access to a shared mask is one machine step: a plain load, a plain store, or one locked
 * read-modify-write of a word. A VM is named by its number ({@code struct kvm *}). A step that
 * reads CPUs out of a mask returns them as a {@link CpuSet}, so that CPU symmetry renames them.
 */
public class Sev extends KernelCode {
    static final int EBUSY = 16;
    static final int EINVAL = 22;

    protected int me;
    /** Which VM each vCPU belongs to (set when the machine boots). */
    protected HostLayout host;

    @Override
    protected void boot() {
        me = cpu.id();
    }

    final void bindHost(HostLayout layout) {
        host = layout;
    }

    protected static KvmSevInfo sev(MachineCore core, int kvm) {
        return core.device(Kvms.class).sev(kvm);
    }

    // ---- marking the CPUs that may hold the guest's dirty lines ----

    /** Called by {@code pre_svm_run()} with interrupts off, right before VMRUN. */
    protected void pre_sev_run(int kvm) {
        // A plain bt first: a locked bts on every entry would bounce the cache line.
        if (!cpumask_test_cpu(kvm, me)) cpumask_set_cpu(kvm, me);
    }

    /** {@code svm_vcpu_load()}'s SEV hook: nothing in mainline (the v4 series marked here). */
    protected void sev_vcpu_load(int kvm, boolean wantsToRun) {
    }

    // ---- flushing on reclaim ----

    /**
     * {@code kvm_arch_guest_memory_reclaimed()}: after the reclaimed range was zapped from the
     * VM's NPT. The SEV check is lockless, as the kernel's comment explains it may be.
     */
    protected void sev_guest_memory_reclaimed(int kvm) {
        if (!____sev_guest(kvm)) return;
        sev_writeback_caches(kvm);
    }

    /** No {@code cpumask_empty()} test first any more (923fcb3dbc02): an empty mask sends no IPI anyway. */
    protected void sev_writeback_caches(int kvm) {
        // smp_call_function_many_cond() reads the live mask
        wbnoinvd_on_cpus_mask(kvm, cpumask_copy(kvm));
    }

    /** {@code on_each_cpu(__wbinvd, NULL, 1)}, i.e. {@code on_each_cpu_mask(cpu_online_mask, ...)}. */
    protected void wbinvd_on_all_cpus() {
        BitSet online = new BitSet();
        online.set(0, nr_cpu_ids());
        cpu.on_each_cpu_mask(online, Caches.WBINVD);
    }

    protected void wbnoinvd_on_cpus_mask(int kvm, BitSet mask) {
        cpu.on_each_cpu_mask(mask, wbnoinvd_work(kvm));
    }

    /** What a CPU runs when it takes the write-back IPI of a flush of VM {@code kvm}. */
    protected IpiWork wbnoinvd_work(int kvm) {
        return Caches.WBNOINVD;
    }

    /**
     * The IPI function the kernel's to-do comment asks for: write back, then, if a vCPU of the
     * VM is loaded here ({@code kvm_get_running_vcpu()}), set this CPU's bit in its mask again:
     * it may run the guest again before the next flusher reads the mask.
     */
    protected IpiWork wbnoinvd_mark_running(int kvm) {
        HostLayout layout = host;
        return new IpiWork() {
            @Override
            public void run(MachineCore core, int cpu) {
                core.device(Caches.class).writeBack(core, cpu);
                int vcpu = core.device(Vcpus.class).runningOn(cpu);
                if (vcpu != Vcpus.NONE && layout.kvm_of(vcpu) == kvm) sev(core, kvm).mask(core, cpu).set(cpu);
            }

            @Override
            public String describe() {
                return "sev_wbnoinvd_mark_running";
            }
        };
    }

    // ---- intra-host migration: KVM_CAP_VM_MOVE_ENC_CONTEXT_FROM on the destination ----

    /**
     * {@code sev_vm_move_enc_context_from(kvm, source)}: with both VMs marked and every vCPU of
     * both locked, the destination gets a fresh {@code have_run_cpus} (a CPU that ran only the
     * source holds only the source's lines), the source's CPUs are written back while it is still
     * an SEV guest (973ea70393e8), the context moves, and the source is marked dead.
     */
    public int sev_vm_move_enc_context_from(int kvm, int source_kvm) {
        if (!sev_lock_two_vms(kvm, source_kvm)) return -EBUSY;
        int ret = -EINVAL;
        if (sev_migration_allowed(kvm, source_kvm)) {
            kvm_lock_all_vcpus(kvm);
            kvm_lock_all_vcpus(source_kvm);
            zalloc_cpumask_var(kvm);
            sev_writeback_caches(source_kvm);
            sev_migrate_from(kvm, source_kvm);
            kvm_vm_dead(source_kvm);
            kvm_unlock_all_vcpus(kvm, source_kvm);
            ret = 0;
        }
        sev_unlock_two_vms(kvm, source_kvm);
        return ret;
    }

    /** {@code cmpxchg()} of {@code migration_in_progress} on the destination, then the source; -EBUSY if either is taken. */
    protected final boolean sev_lock_two_vms(int dst, int src) {
        return cpu.step(core -> {
            Kvms kvms = core.device(Kvms.class);
            if (kvms.kvm(dst).migration_in_progress || kvms.kvm(src).migration_in_progress) return false;
            kvms.kvm(dst).migration_in_progress = true;
            kvms.kvm(src).migration_in_progress = true;
            return true;
        }, ok -> ok ? "sev_lock_two_vms(VM " + dst + ", VM " + src + "): migration_in_progress set on both"
                : "sev_lock_two_vms(): a migration is in progress: -EBUSY");
    }

    protected final void sev_unlock_two_vms(int dst, int src) {
        cpu.step(core -> {
            core.device(Kvms.class).kvm(dst).migration_in_progress = false;
            core.device(Kvms.class).kvm(src).migration_in_progress = false;
            return null;
        }, r -> "sev_unlock_two_vms(VM " + dst + ", VM " + src + ")");
    }

    /** The destination must not be an SEV guest yet, the source must be one; else -EINVAL. */
    @KernelSource.Helper
    protected final boolean sev_migration_allowed(int dst, int src) {
        return cpu.step(core -> !sev(core, dst).active && sev(core, src).active,
                ok -> ok ? "VM " + dst + " is not SEV, VM " + src + " is: the context may move"
                        : "sev_guest(VM " + dst + ") || !sev_guest(VM " + src + "): -EINVAL");
    }

    /** Takes every vCPU mutex of the VM: waits until none of its vCPUs is loaded, then none can be. */
    protected final void kvm_lock_all_vcpus(int kvm) {
        HostLayout layout = host;
        cpu.stepWhen(core -> !core.device(Vcpus.class).anyLoaded(layout, kvm), core -> {
            core.device(Kvms.class).kvm(kvm).vcpus_locked = true;
            return null;
        }, r -> "kvm_lock_all_vcpus(VM " + kvm + "): no vCPU of it can be loaded now");
    }

    protected final void kvm_unlock_all_vcpus(int dst, int src) {
        cpu.step(core -> {
            core.device(Kvms.class).kvm(dst).vcpus_locked = false;
            core.device(Kvms.class).kvm(src).vcpus_locked = false;
            return null;
        }, r -> "kvm_unlock_all_vcpus(VM " + dst + "), kvm_unlock_all_vcpus(VM " + src + ")");
    }

    /** The destination's fresh mask ({@code dst_sev->have_run_cpus}), not a copy of the source's. */
    protected final void zalloc_cpumask_var(int kvm) {
        int cpus = nr_cpu_ids();
        cpu.step(core -> {
            sev(core, kvm).zalloc_cpumask_var(cpus);
            return null;
        }, r -> "zalloc_cpumask_var(&VM " + kvm + "'s have_run_cpus): empty");
    }

    /**
     * {@code sev_migrate_from()}: the destination becomes the SEV guest (active, the ASID), then
     * the source stops being one (active false, ASID 0). {@code have_run_cpus} stays with each VM.
     */
    protected void sev_migrate_from(int dst, int src) {
        cpu.step(core -> {
            KvmSevInfo to = sev(core, dst);
            KvmSevInfo from = sev(core, src);
            to.active = true;
            to.asid = from.asid;
            from.asid = 0;
            from.active = false;
            return to.asid;
        }, asid -> "sev_migrate_from(VM " + dst + ", VM " + src + "): ASID " + asid + " moves; VM " + src
                + " is no longer SEV");
    }

    protected final void kvm_vm_dead(int kvm) {
        cpu.step(core -> {
            core.device(Kvms.class).kvm(kvm).vm_dead = true;
            return null;
        }, r -> "kvm_vm_dead(VM " + kvm + "): its vCPU ioctls fail with -EIO from now on");
    }

    // ---- VM creation and destruction ----

    /**
     * {@code __sev_guest_init()} of an SNP VM whose {@code snp_guest_req_init()} fails: the mask
     * is allocated, then freed on the {@code e_free} path, and the VM is left not SEV.
     */
    public int sev_guest_init_fails(int kvm) {
        zalloc_cpumask_var(kvm);
        boolean nullify = nullifiesHaveRunCpus();
        cpu.stepThenCheck(core -> {
            KvmSevInfo sev = sev(core, kvm);
            sev.asid = 0;
            sev.active = false;
            return sev.free_cpumask_var(nullify);
        }, once -> "snp_guest_req_init() fails: e_free: free_cpumask_var(sev->have_run_cpus)"
                + (nullify ? "; have_run_cpus = NULL" : "") + "; sev->active = false",
                (core, once) -> KvmSevInfo.checkFreedOnce(core, me, once));
        return -EINVAL;
    }

    /** {@code sev_vm_destroy()}: the mask is freed even if the VM is no longer SEV (12c1f6e03f94). */
    protected void sev_vm_destroy(int kvm) {
        free_have_run_cpus(kvm);
    }

    /** {@code free_cpumask_var(sev->have_run_cpus)}, and the pointer NULLed as 8abbc76120a7 does. */
    @KernelSource.Helper
    protected final void free_have_run_cpus(int kvm) {
        boolean nullify = nullifiesHaveRunCpus();
        cpu.stepThenCheck(core -> sev(core, kvm).free_cpumask_var(nullify),
                once -> "free_cpumask_var(VM " + kvm + "'s have_run_cpus)" + (nullify ? "; have_run_cpus = NULL" : ""),
                (core, once) -> KvmSevInfo.checkFreedOnce(core, me, once));
    }

    /** Whether a freed {@code have_run_cpus} pointer is set to NULL (8abbc76120a7). */
    protected boolean nullifiesHaveRunCpus() {
        return true;
    }

    /** {@code sev_guest(kvm)}, as a step that reads it. */
    protected final boolean sev_guest(int kvm) {
        return cpu.step(core -> sev(core, kvm).active, s -> "sev_guest(VM " + kvm + ") = " + s);
    }

    /** The lockless {@code ____sev_guest(kvm)} of the reclaim hook; a destroyed VM has no notifier left. */
    protected final boolean ____sev_guest(int kvm) {
        return cpu.step(core -> !core.device(Kvms.class).kvm(kvm).destroyed && sev(core, kvm).active,
                s -> "____sev_guest(VM " + kvm + ") = " + s);
    }

    // ---- the cpumask and mutex operations, one step each ----

    protected final boolean cpumask_test_cpu(int kvm, int c) {
        return cpu.step(core -> sev(core, kvm).mask(core, me).test(c),
                was -> "cpumask_test_cpu(" + c + ", VM " + kvm + "'s have_run_cpus) = " + was);
    }

    protected final void cpumask_set_cpu(int kvm, int c) {
        cpu.step(core -> {
            sev(core, kvm).mask(core, me).set(c);
            return null;
        }, r -> "cpumask_set_cpu(" + c + ", VM " + kvm + "'s have_run_cpus): lock bts");
    }

    /** Non-atomic: load the word, store it back with the bit; a store in between is lost. */
    protected final void __cpumask_set_cpu(int kvm, int bit) {
        int word = Cpumask.word(bit);
        long old = cpu.step(core -> sev(core, kvm).mask(core, me).loadCpus(word),
                v -> "__cpumask_set_cpu(" + bit + "): load have_run_cpus word " + word + " = 0x"
                        + Long.toHexString(v.bits())).bits();
        long value = old | Cpumask.bit(bit);
        cpu.step(core -> {
            sev(core, kvm).mask(core, me).store(word, value);
            return null;
        }, r -> "__cpumask_set_cpu(" + bit + "): store have_run_cpus word " + word + " = 0x" + Long.toHexString(value));
    }

    protected final boolean cpumask_empty(int kvm) {
        for (int w = 0; w < nrWords(); w++) {
            int word = w;
            CpuSet value = cpu.step(core -> sev(core, kvm).mask(core, me).loadCpus(word),
                    v -> "cpumask_empty(VM " + kvm + "'s have_run_cpus): word " + word + " = 0x"
                            + Long.toHexString(v.bits()));
            if (!value.isEmpty()) return false;
        }
        return true;
    }

    /** Reads the mask word by word (each word one load). */
    protected final BitSet cpumask_copy(int kvm) {
        long[] words = new long[nrWords()];
        for (int w = 0; w < words.length; w++) {
            int word = w;
            words[w] = cpu.step(core -> sev(core, kvm).mask(core, me).loadCpus(word),
                    v -> "read VM " + kvm + "'s have_run_cpus word " + word + " = 0x" + Long.toHexString(v.bits()))
                    .bits();
        }
        return BitSet.valueOf(words);
    }

    /** One iteration of {@code for_each_cpu()}: {@code find_next_bit()} on the live mask. */
    protected final int cpumask_next(int kvm, int from) {
        return cpu.step(core -> {
            int next = sev(core, kvm).mask(core, me).findNext(from);
            return next < 0 ? CpuSet.EMPTY : CpuSet.single(next);
        }, next -> "for_each_cpu(have_run_cpus) from " + from + ": " + (next.isEmpty() ? "done" : "CPU" + next.first()))
                .first();
    }

    protected final boolean cpumask_test_and_clear_cpu(int kvm, int c) {
        return cpu.step(core -> sev(core, kvm).mask(core, me).testAndClear(c),
                was -> "cpumask_test_and_clear_cpu(" + c + ", have_run_cpus) = " + was + ": lock btr");
    }

    protected final void cpumask_clear_cpu(int kvm, int c) {
        cpu.step(core -> sev(core, kvm).mask(core, me).testAndClear(c),
                was -> "cpumask_clear_cpu(" + c + ", have_run_cpus): lock btr");
    }

    /** The flush mutex the clearing designs take ({@code sev->wbinvd_mutex} here). */
    protected final void mutex_lock(int kvm) {
        cpu.stepWhen(core -> sev(core, kvm).flushMutexOwner == KvmSevInfo.NO_OWNER, core -> {
            sev(core, kvm).flushMutexOwner = me;
            return null;
        }, r -> "mutex_lock(&sev->wbinvd_mutex)");
    }

    protected final void mutex_unlock(int kvm) {
        cpu.step(core -> {
            sev(core, kvm).flushMutexOwner = KvmSevInfo.NO_OWNER;
            return null;
        }, r -> "mutex_unlock(&sev->wbinvd_mutex)");
    }

    /**
     * Whether this version's flush walks the mask's CPUs one by one in their numbers' order
     * ({@code for_each_cpu()} with a step per CPU): then which CPU is which matters to the
     * interleavings, and the CPUs are not interchangeable.
     */
    boolean walksCpusInOrder() {
        return false;
    }

    /** Host CPUs, fixed at boot: how many words the mask has. */
    protected final int nr_cpu_ids() {
        return cpu.cpus();
    }

    private int nrWords() {
        return (nr_cpu_ids() + Cpumask.BITS_PER_LONG - 1) / Cpumask.BITS_PER_LONG;
    }
}
