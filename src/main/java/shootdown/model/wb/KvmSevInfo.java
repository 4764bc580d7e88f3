package shootdown.model.wb;

import java.util.List;
import shootdown.machine.CpuSet;
import shootdown.machine.Fingerprint;
import shootdown.machine.Hazard;
import shootdown.machine.MachineCore;

/**
 * The parts of one VM's {@code struct kvm_sev_info} that cache flushing uses: whether it is an
 * SEV guest ({@code sev->active}), its ASID, the cpumask {@code have_run_cpus} (shared kernel
 * memory, updated by every vCPU entry and by flushers) and, for the designs that clear it, the
 * mutex that serializes flushers. With CONFIG_CPUMASK_OFFSTACK the mask is allocated memory: its
 * pointer may be NULL (never allocated, or nulled when freed) or left pointing at freed memory.
 * Part of {@link Kvms}; touched only inside machine steps.
 */
final class KvmSevInfo {
    static final int NO_OWNER = -1;

    boolean active;
    int asid;
    /** The mask, or null for a NULL pointer. */
    Cpumask have_run_cpus;
    /** The pointer is not NULL but its memory was freed. */
    boolean have_run_cpus_freed;
    /** Owner of the flush mutex the kernel's to-do comment asks for ({@code sev->wbinvd_mutex} here), or NO_OWNER. */
    int flushMutexOwner = NO_OWNER;

    KvmSevInfo copy() {
        KvmSevInfo out = new KvmSevInfo();
        out.active = active;
        out.asid = asid;
        out.have_run_cpus = have_run_cpus == null ? null : have_run_cpus.copy();
        out.have_run_cpus_freed = have_run_cpus_freed;
        out.flushMutexOwner = flushMutexOwner;
        return out;
    }

    /** An SEV guest from boot: active, its ASID, an empty mask. */
    static KvmSevInfo sevGuest(int asid, int hostCpus) {
        KvmSevInfo out = new KvmSevInfo();
        out.active = true;
        out.asid = asid;
        out.zalloc_cpumask_var(hostCpus);
        return out;
    }

    /** The mask through its pointer: dereferencing NULL or freed memory is a kernel bug (INVARIANT). */
    Cpumask mask(MachineCore core, int cpu) {
        if (have_run_cpus == null || have_run_cpus_freed) {
            throw core.hazard(Hazard.Kind.INVARIANT, cpu, cpu, "have_run_cpus dereferenced "
                    + (have_run_cpus == null ? "through a NULL pointer" : "after it was freed"), List.of());
        }
        return have_run_cpus;
    }

    /** {@code zalloc_cpumask_var()}: fresh zeroed memory, whatever the pointer held before. */
    void zalloc_cpumask_var(int hostCpus) {
        have_run_cpus = new Cpumask(hostCpus);
        have_run_cpus_freed = false;
    }

    /**
     * {@code free_cpumask_var()}, with {@code nullify} the pointer set to NULL after it (as
     * 8abbc76120a7 does). Freeing NULL does nothing. Returns false if the memory was already
     * freed: a double free, left for {@link #checkFreedOnce} to report once the step is recorded.
     */
    boolean free_cpumask_var(boolean nullify) {
        if (have_run_cpus == null) return true; // kfree(NULL)
        if (have_run_cpus_freed) return false;
        have_run_cpus_freed = true;
        if (nullify) {
            have_run_cpus = null;
            have_run_cpus_freed = false;
        }
        return true;
    }

    /** The check after a free: a second free of the same memory corrupts the allocator. */
    static void checkFreedOnce(MachineCore core, int cpu, boolean once) {
        if (once) return;
        throw core.hazard(Hazard.Kind.INVARIANT, cpu, cpu, "free_cpumask_var(sev->have_run_cpus) frees memory already "
                + "freed: a double free (kfree() twice with CONFIG_CPUMASK_OFFSTACK)", List.of());
    }

    /** Allocated and not freed: what a destroyed VM must not leave behind. */
    boolean maskAllocated() {
        return have_run_cpus != null && !have_run_cpus_freed;
    }

    void encode(StringBuilder out) {
        out.append(active ? "SEV" : "-").append(asid).append(":mask=");
        if (have_run_cpus == null) out.append("NULL");
        else if (have_run_cpus_freed) out.append("freed");
        else have_run_cpus.encode(out);
        out.append("mutex=").append(flushMutexOwner).append(';');
    }

    /** As {@link #encode}, CPU c counted as CPU {@code rank[c]} (the mask's bits, the mutex owner). */
    void fingerprint(Fingerprint out, int[] rank) {
        out.add(active ? 1 : 0);
        out.add(asid);
        out.add(have_run_cpus == null ? 0 : have_run_cpus_freed ? 1 : 2);
        if (have_run_cpus != null && !have_run_cpus_freed) out.add(have_run_cpus.renamed(rank));
        out.add(CpuSet.renamed(flushMutexOwner, rank));
    }

    /** As {@link #encode}, CPU c written as CPU {@code rank[c]}. */
    void encodeRenamed(StringBuilder out, int[] rank) {
        out.append(active ? "SEV" : "-").append(asid).append(":mask=");
        if (have_run_cpus == null) out.append("NULL");
        else if (have_run_cpus_freed) out.append("freed");
        else out.append(Long.toHexString(have_run_cpus.renamed(rank)));
        out.append("mutex=").append(CpuSet.renamed(flushMutexOwner, rank)).append(';');
    }

    void outcome(StringBuilder out) {
        out.append(active ? "SEV ASID " + asid : "not SEV").append(", have_run_cpus=")
                .append(have_run_cpus == null ? "NULL" : have_run_cpus_freed ? "freed" : have_run_cpus.toString());
        if (flushMutexOwner != NO_OWNER) out.append(", wbinvd_mutex held by CPU").append(flushMutexOwner);
    }
}
