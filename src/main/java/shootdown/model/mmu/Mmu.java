package shootdown.model.mmu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import shootdown.machine.Hex;
import shootdown.machine.MachineCore;
import shootdown.machine.RwLock;
import shootdown.machine.SpinLock;
import shootdown.model.KernelCode;

/**
 * arch/x86/kvm/mmu/mmu.c as one vCPU (or the shrinker, on that CPU) runs it: the shadow MMU of
 * a direct (TDP-enabled, EPT/NPT) VM, looking (gfn, role) up before allocating. Every fault,
 * root load and zap holds {@code mmu_lock} for write, as the kernel does. Faults go to
 * {@link TdpMmu} where {@link #tdp_mmu_enabled()} says so. Read it beside the kernel: the
 * functions keep their names (mmu.c calls {@code kvm_mmu_get_page()} {@code kvm_mmu_get_shadow_page()}
 * since v6.0; the model keeps the name the 2020 thread argued about).
 */
public class Mmu extends KernelCode {
    public static final int PG_LEVEL_4K = 1;
    public static final int PG_LEVEL_2M = 2;
    /** Guest memory is backed by 2M pages: {@code kvm_mmu_hugepage_adjust()} maps every fault at 2M. */
    public static final int FAULT_GOAL_LEVEL = PG_LEVEL_2M;
    public static final int INVALID_PAGE = -1;

    protected RwLock mmu_lock;
    protected SpinLock kvm_lock;
    /** {@code vcpu->arch.mmu->root_role.level}: 4 or 5, from the vCPU's MAXPHYADDR. */
    protected int root_level;
    /** {@code vcpu->arch.mmu->root.hpa}, as the root's page id. */
    protected int root_hpa;
    protected TdpMmu tdp;

    @Override
    protected void boot() {
        mmu_lock = cpu.rwlock("mmu_lock");
        kvm_lock = cpu.lock("kvm_lock");
        tdp = kernel(TdpMmu.class);
    }

    /** The vCPU's root as the VM booted it. */
    final void loadRoot(int level, int hpa) {
        root_level = level;
        root_hpa = hpa;
    }

    /** The {@code tdp_mmu_enabled} module parameter: off for the shadow MMU variants. */
    protected boolean tdp_mmu_enabled() {
        return false;
    }

    // ---- helpers from mmu.h / spte.h ----

    static int SPTE_INDEX(long gfn, int level) {
        return (int) ((gfn >> (9 * (level - 1))) & 511);
    }

    static long KVM_PAGES_PER_HPAGE(int level) {
        return 1L << (9 * (level - 1));
    }

    /**
     * The body of a step on {@code struct kvm_arch}, with parent_ptes checked after it. Used as
     * {@code cpu.step(core -> on_kvm(core, kvm -> ...), ...)} so that the kernel function, not a
     * helper, is what the trace names.
     */
    protected <T> T on_kvm(MachineCore core, Function<KvmArch, T> body) {
        KvmArch kvm = core.device(KvmArch.class);
        T result = body.apply(kvm);
        MmuAudit.checkParentPtes(kvm, core, cpu.id());
        return result;
    }

    // ---- roots: kvm_mmu_load() ----

    /** {@code kvm_mmu_load()} via {@code kvm_mmu_reload()}: nothing to do once a root is loaded. */
    public void kvm_mmu_load() {
        if (root_hpa != INVALID_PAGE) return;
        if (tdp_mmu_enabled()) throw new IllegalStateException("TDP MMU roots are loaded at boot in these scenarios");
        mmu_alloc_direct_roots();
    }

    protected void mmu_alloc_direct_roots() {
        cpu.write_lock(mmu_lock);
        root_hpa = mmu_alloc_root(0, root_level);
        cpu.write_unlock(mmu_lock);
    }

    protected int mmu_alloc_root(long gfn, int level) {
        int sp = kvm_mmu_get_page(gfn, level);
        cpu.step(core -> on_kvm(core, kvm -> ++kvm.page(sp).root_count),
                count -> "++sp#" + sp + "->root_count = " + count + ": root of this vCPU's " + level + "-level EPT");
        return sp;
    }

    // ---- the page fault: direct_page_fault() and __direct_map() ----

    /** An EPT violation on {@code gfn}: the vCPU (re)loads its root, then handles the fault. */
    public void kvm_mmu_page_fault(long gfn) {
        if (tdp_mmu_enabled()) {
            if (root_hpa == INVALID_PAGE) throw new IllegalStateException("no TDP MMU root loaded");
            tdp.kvm_tdp_mmu_page_fault(root_hpa, root_level, gfn);
            return;
        }
        kvm_mmu_load();
        direct_page_fault(gfn);
    }

    /**
     * The second half of {@code kvm_mmu_zap_all_fast()}: the TDP MMU zaps the root under
     * {@code mmu_lock} held for read. The shadow MMU has no TDP root: nothing to do.
     */
    public void kvm_tdp_mmu_zap_invalidated_roots() {
        if (!tdp_mmu_enabled()) return;
        tdp.kvm_tdp_mmu_zap_invalidated_roots(root_hpa, root_level);
    }

    protected void direct_page_fault(long gfn) {
        cpu.write_lock(mmu_lock);
        // make_mmu_pages_available() finds pages available: the limit is hit only where a
        // scenario says so (the make_mmu_pages_available operation).
        __direct_map(gfn);
        cpu.write_unlock(mmu_lock);
    }

    /** Walks from the root, building each missing level, and installs the leaf at the goal level. */
    protected void __direct_map(long gfn) {
        int level = root_level;
        int sp = root_hpa;
        while (true) {
            final Sptep sptep = new Sptep(sp, SPTE_INDEX(gfn, level));
            final int it_level = level;
            long base_gfn = gfn & ~(KVM_PAGES_PER_HPAGE(level) - 1);
            if (level == FAULT_GOAL_LEVEL) {
                mmu_set_spte(sptep, level, base_gfn);
                return;
            }
            Spte spte = cpu.step(core -> on_kvm(core, kvm -> kvm.read(sptep)),
                    v -> "*sptep: " + sptep + " (level " + it_level + ") " + v);
            if (!spte.is_shadow_present_pte()) {
                int child = kvm_mmu_get_page(base_gfn, level - 1);
                link_shadow_page(sptep, child);
                sp = child;
            } else if (spte.isNonleaf()) {
                sp = spte.child();
            } else {
                throw new IllegalStateException("large leaf at " + sptep + " above the goal level");
            }
            level--;
        }
    }

    // ---- kvm_mmu_get_page(): lookup, else allocate ----

    protected int kvm_mmu_get_page(long gfn, int level) {
        MmuPageRole role = MmuPageRole.direct(level);
        int found = kvm_mmu_find_shadow_page(gfn, role);
        if (found != INVALID_PAGE) return found;
        return kvm_mmu_alloc_shadow_page(gfn, role, false);
    }

    /** One walk of the hash bucket: the newest valid page with this (gfn, role). */
    protected final int kvm_mmu_find_shadow_page(long gfn, MmuPageRole role) {
        String key = "(gfn " + Hex.of(gfn) + ", " + role + ")";
        return cpu.step(core -> on_kvm(core, kvm -> {
            kvm.count("hash lookups");
            KvmMmuPage sp = kvm.hash_lookup(gfn, role);
            return sp == null ? INVALID_PAGE : sp.id;
        }), id -> id == INVALID_PAGE ? "hash miss for " + key : "hash hit for " + key + ": sp#" + id);
    }

    protected final int kvm_mmu_alloc_shadow_page(long gfn, MmuPageRole role, boolean lookupSkipped) {
        return cpu.step(core -> on_kvm(core, kvm -> {
            kvm.count("SPs allocated");
            return kvm.alloc_shadow_page(gfn, role, cpu.id()).id;
        }), id -> (lookupSkipped ? "lookup skipped (single direct root) -> " : "-> ") + "alloc sp#" + id
                + " (gfn " + Hex.of(gfn) + ", " + role + "), hlist_add_head() to mmu_page_hash, "
                + "list_add() to active_mmu_pages");
    }

    /** {@code link_shadow_page()}: {@code mmu_spte_set()} and {@code mmu_page_add_parent_pte()}. */
    protected void link_shadow_page(Sptep sptep, int child) {
        cpu.step(core -> on_kvm(core, kvm -> {
            kvm.write(sptep, Spte.nonleaf(child));
            kvm.page(child).parent_ptes.add(sptep);
            return kvm.page(child).parent_ptes.toString();
        }), parents -> sptep + " -> sp#" + child + "; parent_ptes of sp#" + child + " = " + parents);
    }

    /** The leaf at the goal level; the same value again is {@code RET_PF_SPURIOUS}. */
    protected void mmu_set_spte(Sptep sptep, int level, long gfn) {
        Spte leaf = Spte.leaf(gfn);
        cpu.step(core -> on_kvm(core, kvm -> {
            if (kvm.read(sptep).equals(leaf)) return false;
            kvm.write(sptep, leaf);
            return true;
        }), set -> set ? sptep + " = " + (level == PG_LEVEL_2M ? "2M " : "") + leaf
                : sptep + " already maps gfn " + Hex.of(gfn) + ": RET_PF_SPURIOUS");
    }

    // ---- zapping: make_mmu_pages_available() and the shrinker ----

    /**
     * {@code make_mmu_pages_available()} as a vCPU's fault (or root load) runs it when the VM is
     * at its page limit: under {@code mmu_lock} held for write, zap the oldest pages. The limit
     * itself (n_max_mmu_pages, KVM_MIN_FREE_MMU_PAGES) is not modelled: the scenario says when
     * it is hit and how many pages the refill asks for ({@code KVM_REFILL_PAGES - avail}).
     */
    public void make_mmu_pages_available(long nr_to_zap) {
        cpu.write_lock(mmu_lock);
        kvm_mmu_zap_oldest_mmu_pages(nr_to_zap);
        cpu.write_unlock(mmu_lock);
    }

    /**
     * {@code mmu_shrink_scan()} for this VM. {@code n_used_mmu_pages} is read without
     * {@code mmu_lock}, as the kernel does. {@code zapped_obsolete_pages} is not modelled (no
     * fast zap runs in these scenarios).
     */
    public long mmu_shrink_scan(long nr_to_scan) {
        cpu.spin_lock(kvm_lock);
        long used = cpu.step(core -> on_kvm(core, kvm -> kvm.n_used_mmu_pages),
                n -> "n_used_mmu_pages = " + n + " (read without mmu_lock)");
        long freed = 0;
        if (used != 0) {
            cpu.write_lock(mmu_lock);
            freed = kvm_mmu_zap_oldest_mmu_pages(nr_to_scan);
            cpu.write_unlock(mmu_lock);
        }
        cpu.spin_unlock(kvm_lock);
        return freed;
    }

    /**
     * What one prepare step zapped, the pages it moved to the invalid list, and how it reads in
     * the trace. The step returns them: its caller's list is the CPU's own memory, not machine state.
     */
    private record Zap(int nr_zapped, List<Integer> invalidated, String text) {
        static final Zap NONE = new Zap(0, List.of(), "no page left to zap but roots");
    }

    /** Oldest first, skipping roots, until {@code nr_to_zap} pages are zapped; then one commit. */
    protected long kvm_mmu_zap_oldest_mmu_pages(long nr_to_zap) {
        List<Integer> invalid_list = new ArrayList<>();
        long total_zapped = 0;
        while (total_zapped < nr_to_zap) {
            Zap zap = cpu.step(core -> on_kvm(core, kvm -> {
                for (KvmMmuPage sp : kvm.active_mmu_pages_oldest_first()) {
                    if (sp.root_count > 0) continue; // roots in use are never zapped here
                    StringBuilder text = new StringBuilder("oldest non-root page: ");
                    List<Integer> invalidated = new ArrayList<>();
                    int n = __kvm_mmu_prepare_zap_page(kvm, sp, invalidated, text);
                    return new Zap(n, List.copyOf(invalidated), text.toString());
                }
                return Zap.NONE;
            }), Zap::text);
            if (zap.equals(Zap.NONE)) break;
            invalid_list.addAll(zap.invalidated());
            total_zapped += zap.nr_zapped();
        }
        kvm_mmu_commit_zap_page(invalid_list);
        return total_zapped;
    }

    /**
     * The first zap phase, inside one step: unlink the children (they stay in the hash as
     * orphans), unlink the parents, mark the page invalid and move it to {@code invalid_list}.
     * With the family-tree variant, every child is zapped too, recursively. Returns the pages
     * zapped.
     */
    protected final int __kvm_mmu_prepare_zap_page(KvmArch kvm, KvmMmuPage sp, List<Integer> invalid_list,
                                           StringBuilder text) {
        kvm.count("SPs zapped");
        text.append("zap ").append(sp.name());
        int nr_zapped = kvm_mmu_page_unlink_children(kvm, sp, invalid_list, text);
        kvm_mmu_unlink_parents(kvm, sp, text);
        sp.onActiveList = false;
        if (sp.root_count == 0) {
            nr_zapped++;
            invalid_list.add(sp.id);
            kvm.n_used_mmu_pages--; // kvm_mod_used_mmu_pages(kvm, -1)
            text.append("; sp#").append(sp.id).append(" -> invalid_list");
        } else {
            text.append("; sp#").append(sp.id).append(" still a root (root_count ").append(sp.root_count).append(")");
        }
        sp.invalid = true;
        return nr_zapped;
    }

    protected int kvm_mmu_page_unlink_children(KvmArch kvm, KvmMmuPage sp, List<Integer> invalid_list,
                                             StringBuilder text) {
        int zapped = 0;
        for (Integer index : new ArrayList<>(sp.spt.keySet())) {
            zapped += mmu_page_zap_pte(kvm, sp, new Sptep(sp.id, index), invalid_list, text);
        }
        return zapped;
    }

    protected int mmu_page_zap_pte(KvmArch kvm, KvmMmuPage sp, Sptep spte, List<Integer> invalid_list,
                                   StringBuilder text) {
        Spte pte = kvm.read(spte);
        if (!pte.isNonleaf()) {
            kvm.write(spte, Spte.NOT_PRESENT); // drop_spte()
            return 0;
        }
        KvmMmuPage child = kvm.page(pte.child());
        drop_parent_pte(kvm, child, spte);
        text.append("; child ").append(child.name()).append(child.parent_ptes.isEmpty()
                ? " orphaned, stays in mmu_page_hash" : " keeps " + child.parent_ptes);
        return 0;
    }

    protected void kvm_mmu_unlink_parents(KvmArch kvm, KvmMmuPage sp, StringBuilder text) {
        for (Sptep parent : new ArrayList<>(sp.parent_ptes)) {
            drop_parent_pte(kvm, sp, parent);
            text.append("; parent ").append(parent).append(" cleared");
        }
    }

    protected static void drop_parent_pte(KvmArch kvm, KvmMmuPage sp, Sptep parent_pte) {
        sp.parent_ptes.remove(parent_pte);   // mmu_page_remove_parent_pte()
        kvm.write(parent_pte, Spte.NOT_PRESENT); // mmu_spte_clear_no_track()
    }

    /** The second zap phase: flush remote TLBs, then free every page on the list. */
    protected void kvm_mmu_commit_zap_page(List<Integer> invalid_list) {
        if (invalid_list.isEmpty()) return;
        List<Integer> freed = List.copyOf(invalid_list);
        cpu.step(core -> on_kvm(core, kvm -> {
            kvm.count("remote TLB flushes");
            for (int id : freed) kvm_mmu_free_shadow_page(kvm, kvm.page(id));
            return freed.size();
        }), n -> "kvm_flush_remote_tlbs(); free " + ids(freed));
        invalid_list.clear();
    }

    protected static void kvm_mmu_free_shadow_page(KvmArch kvm, KvmMmuPage sp) {
        sp.inHash = false; // hlist_del(&sp->hash_link)
        kvm.free(sp.id);
    }

    private static String ids(List<Integer> ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) out.append(out.length() == 0 ? "" : ", ").append("sp#").append(id);
        return out.toString();
    }
}
