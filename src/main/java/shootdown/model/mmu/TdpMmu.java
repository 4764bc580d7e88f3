package shootdown.model.mmu;

import java.util.function.Function;
import shootdown.machine.MachineCore;
import shootdown.machine.RwLock;
import shootdown.model.KernelCode;

/**
 * arch/x86/kvm/mmu/tdp_mmu.c as one vCPU runs it: faults hold {@code mmu_lock} for read, so two
 * vCPUs walk and build one paging structure at once. A new page table is private until
 * {@code tdp_mmu_link_sp()} publishes it with one atomic compare-exchange on the parent SPTE;
 * the loser frees its page and the vCPU re-faults ({@link PlainStoreLink} publishes with a store).
 */
public class TdpMmu extends KernelCode {
    static final int RET_PF_FIXED = 0;
    static final int RET_PF_RETRY = 1;
    static final int RET_PF_SPURIOUS = 2;

    protected RwLock mmu_lock;

    @Override
    protected void boot() {
        mmu_lock = cpu.rwlock("mmu_lock");
    }

    /** The body of a step on {@code struct kvm_arch} (called inside the step, so traces name the caller). */
    protected static <T> T with_kvm(MachineCore core, Function<KvmArch, T> body) {
        return body.apply(core.device(KvmArch.class));
    }

    /**
     * {@code kvm_tdp_mmu_page_fault()} (mmu.c): the map under {@code mmu_lock} held for read.
     * RET_PF_RETRY resumes the guest, which takes the same EPT violation again.
     */
    public void kvm_tdp_mmu_page_fault(int root, int root_level, long gfn) {
        int r;
        do {
            cpu.read_lock(mmu_lock);
            r = kvm_tdp_mmu_map(root, root_level, gfn);
            cpu.read_unlock(mmu_lock);
        } while (r == RET_PF_RETRY);
    }

    /** {@code tdp_mmu_for_each_pte()} from the root down to the goal level. */
    protected int kvm_tdp_mmu_map(int root, int root_level, long gfn) {
        int level = root_level;
        int sp = root;
        while (true) {
            final Sptep sptep = new Sptep(sp, Mmu.SPTE_INDEX(gfn, level));
            final int iter_level = level;
            long iter_gfn = gfn & ~(Mmu.KVM_PAGES_PER_HPAGE(level) - 1);
            // tdp_iter: iter.old_spte = kvm_tdp_mmu_read_spte(iter.sptep); try_step_down()
            // rereads it before stepping into a table, so a freshly linked one is read again.
            Spte old_spte = cpu.step(core -> with_kvm(core, kvm -> kvm.read(sptep)),
                    v -> "iter.old_spte = " + sptep + " (level " + iter_level + ") " + v);
            if (level == Mmu.FAULT_GOAL_LEVEL) return tdp_mmu_map_handle_target_level(sptep, old_spte, iter_gfn);
            if (old_spte.isNonleaf()) {
                sp = old_spte.child();
                level--;
                continue;
            }
            int child = tdp_mmu_alloc_sp(sptep, iter_gfn, level - 1);
            if (tdp_mmu_link_sp(sptep, old_spte, child) != 0) {
                tdp_mmu_free_sp(child, sptep);
                return RET_PF_RETRY;
            }
        }
    }

    /** {@code tdp_mmu_alloc_sp()} + {@code tdp_mmu_init_child_sp()}: private to this vCPU. */
    protected int tdp_mmu_alloc_sp(Sptep sptep, long gfn, int level) {
        MmuPageRole role = MmuPageRole.direct(level);
        return cpu.step(core -> with_kvm(core, kvm -> {
            kvm.count("SPs allocated");
            return kvm.alloc_tdp_page(gfn, role, sptep, cpu.id()).id;
        }), id -> "alloc sp#" + id + " (gfn " + Mmu.hex(gfn) + ", " + role + ") for " + sptep + ", not yet linked");
    }

    /** Publishes the new table: cmpxchg against iter.old_spte. */
    protected int tdp_mmu_link_sp(Sptep sptep, Spte old_spte, int sp) {
        int ret = tdp_mmu_set_spte_atomic(sptep, old_spte, Spte.nonleaf(sp));
        if (ret != 0) return ret;
        tdp_account_mmu_page(sp);
        return 0;
    }

    /** {@code try_cmpxchg64(sptep, &iter->old_spte, new_spte)}: -EBUSY if the SPTE changed. */
    protected int tdp_mmu_set_spte_atomic(Sptep sptep, Spte old_spte, Spte new_spte) {
        Spte seen = cpu.step(core -> with_kvm(core, kvm -> {
            Spte current = kvm.read(sptep);
            if (current.equals(old_spte)) {
                kvm.write(sptep, new_spte);
            } else {
                kvm.count("cmpxchg failures");
            }
            return current;
        }), current -> current.equals(old_spte)
                ? "cmpxchg " + sptep + ": " + old_spte + " => " + new_spte
                : "cmpxchg " + sptep + " fails: expected " + old_spte + ", found " + current + " (-EBUSY)");
        return seen.equals(old_spte) ? 0 : -1;
    }

    /**
     * The write-locked path's {@code tdp_mmu_iter_set_spte()}: a plain store, and
     * {@code handle_changed_spte()} is told the old value the iterator read, not what is there.
     */
    protected void tdp_mmu_iter_set_spte(Sptep sptep, Spte old_spte, Spte new_spte) {
        cpu.step(core -> with_kvm(core, kvm -> {
            Spte current = kvm.read(sptep);
            kvm.write(sptep, new_spte);
            return current;
        }), current -> "WRITE_ONCE(" + sptep + ", " + new_spte + "); was " + current
                + (current.equals(old_spte) ? "" : ", iterator saw " + old_spte));
    }

    protected void tdp_account_mmu_page(int sp) {
        cpu.step(core -> with_kvm(core, kvm -> {
            kvm.page(sp).accounted = true;
            return ++kvm.tdp_mmu_pages;
        }), n -> "atomic64_inc(&kvm->arch.tdp_mmu_pages) = " + n + " for sp#" + sp);
    }

    protected void tdp_mmu_free_sp(int sp, Sptep lost) {
        cpu.step(core -> with_kvm(core, kvm -> {
            kvm.free(sp);
            return sp;
        }), id -> "free sp#" + id + ": lost the race for " + lost);
    }

    /** {@code tdp_mmu_map_handle_target_level()}: the leaf, also by cmpxchg. */
    protected int tdp_mmu_map_handle_target_level(Sptep sptep, Spte old_spte, long gfn) {
        Spte new_spte = Spte.leaf(gfn);
        if (new_spte.equals(old_spte)) return RET_PF_SPURIOUS;
        return tdp_mmu_set_spte_atomic(sptep, old_spte, new_spte) == 0 ? RET_PF_FIXED : RET_PF_RETRY;
    }
}
