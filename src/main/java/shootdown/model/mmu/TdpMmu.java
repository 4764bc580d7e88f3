package shootdown.model.mmu;

import java.util.List;
import java.util.function.Function;
import shootdown.machine.Hex;
import shootdown.machine.KernelSource;
import shootdown.machine.MachineCore;
import shootdown.machine.RcuCallback;
import shootdown.machine.RwLock;
import shootdown.model.KernelCode;

/**
 * arch/x86/kvm/mmu/tdp_mmu.c (and tdp_iter.c) as one vCPU or host thread runs it, as mainline has
 * it (FROZEN_SPTE naming, 2024+): faults and the zap of a root both hold {@code mmu_lock} only for
 * read, and walk the paging structure inside {@code rcu_read_lock()}.
 *
 * <ul>
 * <li>A fault builds missing tables: a new table is private until {@code tdp_mmu_link_sp()}
 *     publishes it with one compare-exchange on the parent SPTE; the loser frees its page and the
 *     vCPU re-faults ({@link PlainStoreLink} publishes with a store). A fault that meets a
 *     {@code FROZEN_SPTE} gives up and re-faults (a2855afc7ee8 allowed parallel faults).
 * <li>The zap clears an SPTE with a compare-exchange; a page table it unlinks goes to
 *     {@code handle_removed_pt()}, which exchanges every entry of it with {@code FROZEN_SPTE}
 *     (e25f0e0cd51b, so that a fault already inside the table cannot install anything there),
 *     handles the children it found, and frees the table with {@code call_rcu()} (7cca2d0b7e7d,
 *     so that no walker still inside it reads freed memory).
 * </ul>
 * The yield in {@code tdp_mmu_iter_cond_resched()} and root invalidation/reload are not modelled:
 * the vCPUs keep the root they booted with, as faults in flight during a fast zap do.
 */
public class TdpMmu extends KernelCode {
    static final int RET_PF_FIXED = 0;
    static final int RET_PF_RETRY = 1;
    static final int RET_PF_SPURIOUS = 2;
    static final int PG_LEVEL_1G = 3;

    protected RwLock mmu_lock;

    @Override
    protected void boot() {
        mmu_lock = cpu.rwlock("mmu_lock");
    }

    /** The body of a step on {@code struct kvm_arch} (called inside the step, so traces name the caller). */
    protected static <T> T with_kvm(MachineCore core, Function<KvmArch, T> body) {
        return body.apply(core.device(KvmArch.class));
    }

    // ---- faults ----

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

    /** {@code tdp_mmu_for_each_pte()} from the root down to the goal level, inside {@code rcu_read_lock()}. */
    protected int kvm_tdp_mmu_map(int root, int root_level, long gfn) {
        int ret = RET_PF_RETRY;
        cpu.rcu_read_lock();
        int level = root_level;
        int sp = root;
        while (true) {
            final Sptep sptep = new Sptep(sp, Mmu.SPTE_INDEX(gfn, level));
            long iter_gfn = gfn & ~(Mmu.KVM_PAGES_PER_HPAGE(level) - 1);
            // try_step_down() rereads the SPTE before stepping into a table, so a freshly
            // linked one is read again here.
            Spte old_spte = tdp_iter_read(sptep, level);
            // Frozen by another thread: give up and retry, no table allocated.
            if (old_spte.is_frozen_spte()) break;
            if (level == Mmu.FAULT_GOAL_LEVEL) {
                ret = tdp_mmu_map_handle_target_level(sptep, old_spte, iter_gfn);
                break;
            }
            if (old_spte.isNonleaf()) {
                sp = old_spte.child();
                level--;
                continue;
            }
            int child = tdp_mmu_alloc_sp(sptep, iter_gfn, level - 1);
            if (tdp_mmu_link_sp(sptep, old_spte, child) != 0) {
                tdp_mmu_free_sp(child, sptep);
                break;
            }
        }
        cpu.rcu_read_unlock();
        return ret;
    }

    /** The iterator's {@code iter.old_spte = kvm_tdp_mmu_read_spte(iter.sptep)}, inside the read section. */
    @KernelSource.Helper
    protected Spte tdp_iter_read(Sptep sptep, int level) {
        int me = cpu.id();
        return cpu.step(core -> with_kvm(core, kvm -> kvm.rcu_read_spte(core, me, sptep)),
                v -> "iter.old_spte = " + sptep + " (level " + level + ") " + v);
    }

    /** {@code tdp_mmu_alloc_sp()} + {@code tdp_mmu_init_child_sp()}: private to this vCPU. */
    protected int tdp_mmu_alloc_sp(Sptep sptep, long gfn, int level) {
        MmuPageRole role = MmuPageRole.direct(level);
        return cpu.step(core -> with_kvm(core, kvm -> {
            kvm.count("SPs allocated");
            return kvm.alloc_tdp_page(gfn, role, sptep, cpu.id()).id;
        }), id -> "alloc sp#" + id + " (gfn " + Hex.of(gfn) + ", " + role + ") for " + sptep + ", not yet linked");
    }

    /** Publishes the new table: cmpxchg against iter.old_spte. */
    protected int tdp_mmu_link_sp(Sptep sptep, Spte old_spte, int sp) {
        int ret = tdp_mmu_set_spte_atomic(sptep, old_spte, Spte.nonleaf(sp));
        if (ret != 0) return ret;
        tdp_account_mmu_page(sp);
        return 0;
    }

    /**
     * {@code tdp_mmu_set_spte_atomic()}: {@code try_cmpxchg64(sptep, &iter->old_spte, new_spte)},
     * -EBUSY if the SPTE changed; on success {@code handle_changed_spte()}.
     */
    protected int tdp_mmu_set_spte_atomic(Sptep sptep, Spte old_spte, Spte new_spte) {
        Spte seen = __tdp_mmu_set_spte_atomic(sptep, old_spte, new_spte);
        if (!seen.equals(old_spte)) return -1;
        handle_changed_spte(old_spte, new_spte);
        return 0;
    }

    /** The compare-exchange itself; returns what the SPTE held (so a failing caller has the fresh value). */
    protected Spte __tdp_mmu_set_spte_atomic(Sptep sptep, Spte old_spte, Spte new_spte) {
        int me = cpu.id();
        return cpu.step(core -> with_kvm(core, kvm -> {
            Spte current = kvm.rcu_read_spte(core, me, sptep);
            if (current.equals(old_spte)) {
                kvm.write(sptep, new_spte);
                // A table just linked is in this walker's hands until its read section ends.
                if (new_spte.isNonleaf()) kvm.rcu_read_spte(core, me, new Sptep(new_spte.child(), 0));
            } else {
                kvm.count("cmpxchg failures");
            }
            return current;
        }), current -> current.equals(old_spte)
                ? "cmpxchg " + sptep + ": " + old_spte + " => " + new_spte
                : "cmpxchg " + sptep + " fails: expected " + old_spte + ", found " + current + " (-EBUSY)");
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

    /** {@code tdp_mmu_free_sp()} of a table this vCPU allocated and never published. */
    protected void tdp_mmu_free_sp(int sp, Sptep lost) {
        tdp_mmu_free_sp(sp, "lost the race for " + lost);
    }

    /** {@code tdp_mmu_free_sp()}: the page is gone; H7 if another CPU's walk still holds it. */
    protected final void tdp_mmu_free_sp(int sp, String why) {
        int me = cpu.id();
        cpu.stepThenCheck(core -> with_kvm(core, kvm -> kvm.free_tdp_sp(sp)), name -> "free " + name + ": " + why,
                (core, name) -> KvmArch.checkFreed(core, me, sp, name));
    }

    /** {@code tdp_mmu_map_handle_target_level()}: the leaf, also by cmpxchg. */
    protected int tdp_mmu_map_handle_target_level(Sptep sptep, Spte old_spte, long gfn) {
        Spte new_spte = Spte.leaf(gfn);
        if (new_spte.equals(old_spte)) return RET_PF_SPURIOUS;
        return tdp_mmu_set_spte_atomic(sptep, old_spte, new_spte) == 0 ? RET_PF_FIXED : RET_PF_RETRY;
    }

    // ---- zapping a root, and the page tables it removes ----

    /**
     * {@code kvm_tdp_mmu_zap_invalidated_roots(kvm, shared = true)}, the second half of a fast
     * zap: {@code tdp_mmu_zap_root()} of the root under {@code mmu_lock} held for read, so faults
     * keep running. The root stays (the vCPUs still hold it).
     */
    public void kvm_tdp_mmu_zap_invalidated_roots(int root, int root_level) {
        cpu.read_lock(mmu_lock);
        tdp_mmu_zap_root(root, root_level);
        cpu.read_unlock(mmu_lock);
    }

    /**
     * {@code tdp_mmu_zap_root()} as CONFIG_KVM_PROVE_MMU runs it: a pass zapping 1G entries (the
     * level-3 SPTEs, pointing at 2M tables), then one zapping the root's own entries.
     */
    protected void tdp_mmu_zap_root(int root, int root_level) {
        cpu.rcu_read_lock();
        __tdp_mmu_zap_root(root, root_level, PG_LEVEL_1G);
        __tdp_mmu_zap_root(root, root_level, root_level);
        cpu.rcu_read_unlock();
    }

    /**
     * {@code for_each_tdp_pte_min_level_all(iter, root, zap_level)}: every present SPTE at
     * {@code zap_level} or above, in walk order; those at {@code zap_level} are cleared by
     * compare-exchange ({@code goto retry} with the fresh value when it fails).
     */
    protected void __tdp_mmu_zap_root(int root, int root_level, int zap_level) {
        zap_table(root, root_level, zap_level);
    }

    /** The walk of one table of the iteration. */
    @KernelSource.Helper
    protected void zap_table(int sp, int level, int zap_level) {
        for (Sptep.Read iter = tdp_iter_next(sp, 0, level); iter != null; iter = tdp_iter_next(sp, iter.sptep().index() + 1, level)) {
            Spte old_spte = iter.old_spte();
            while (old_spte.is_shadow_present_pte()) {
                if (level > zap_level) {
                    if (old_spte.isNonleaf()) zap_table(old_spte.child(), level - 1, zap_level);
                    break;
                }
                Spte seen = __tdp_mmu_set_spte_atomic(iter.sptep(), old_spte, Spte.NOT_PRESENT);
                if (seen.equals(old_spte)) {
                    handle_changed_spte(old_spte, Spte.NOT_PRESENT);
                    break;
                }
                old_spte = seen; // goto retry, with the fresh value: skipped once not present (or frozen)
            }
        }
    }

    /**
     * {@code tdp_iter_next()} within one table: the first present SPTE at or after entry
     * {@code from}, with its value, or null. The reads of the entries it steps over are one step
     * with it: an entry that becomes present behind the iterator is one it would have missed.
     */
    protected Sptep.Read tdp_iter_next(int sp, int from, int level) {
        int me = cpu.id();
        return cpu.step(core -> with_kvm(core, kvm -> kvm.rcu_next_present(core, me, sp, from)),
                next -> next == null ? "tdp_iter: no present SPTE left in sp#" + sp + " (level " + level + ")"
                        : "tdp_iter: " + next.sptep() + " (level " + level + ") " + next.old_spte());
    }

    /** {@code handle_changed_spte()}: a non-leaf SPTE that went away takes its table with it. */
    protected void handle_changed_spte(Spte old_spte, Spte new_spte) {
        if (old_spte.isNonleaf() && !(new_spte.isNonleaf() && new_spte.child() == old_spte.child())) {
            handle_removed_pt(old_spte.child());
        }
    }

    /**
     * {@code handle_removed_pt()} in the shared (mmu_lock for read) case: freeze every entry,
     * handle the children it held, then free the table after a grace period.
     */
    protected void handle_removed_pt(int pt) {
        for (Spte old_spte : tdp_mmu_unlink_sp_and_freeze(pt, Spte.FROZEN)) handle_changed_spte(old_spte, Spte.FROZEN);
        cpu.call_rcu(tdp_mmu_free_sp_rcu_callback(pt, cpu.id()));
    }

    /**
     * {@code tdp_mmu_unlink_sp()}, then the loop exchanging each of the 512 entries with
     * {@code value}, as one step: another CPU reaches at most one entry of a removed table (the
     * one its walk is at), so where its access falls among the other exchanges cannot matter.
     * Nothing else freezes entries in these scenarios, so the kernel's spin on an entry another
     * thread froze never spins.
     */
    @KernelSource.Helper
    protected final List<Spte> tdp_mmu_unlink_sp_and_freeze(int pt, Spte value) {
        return cpu.step(core -> with_kvm(core, kvm -> kvm.remove_pt(pt, value)),
                old -> "handle_removed_pt(sp#" + pt + "): tdp_mmu_unlink_sp(), xchg every SPTE to " + value
                        + (old.isEmpty() ? "" : "; was " + old));
    }

    /** {@code call_rcu(&sp->rcu_head, tdp_mmu_free_sp_rcu_callback)}: frees the table after a grace period. */
    protected static RcuCallback tdp_mmu_free_sp_rcu_callback(int sp, int queuedBy) {
        return new RcuCallback() {
            @Override
            public void invoke(MachineCore core) {
                String name = with_kvm(core, kvm -> kvm.free_tdp_sp(sp));
                KvmArch.checkFreed(core, queuedBy, sp, name);
            }

            @Override
            public String describe() {
                return "tdp_mmu_free_sp_rcu_callback(sp#" + sp + ")";
            }
        };
    }
}
