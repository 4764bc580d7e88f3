package shootdown.model.mmu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;

/**
 * The shadow MMU's invariants over {@link KvmArch} (docs/models.md, "mmu"):
 * <ul>
 * <li>{@code parent_ptes} is exactly the set of SPTEs pointing at the page (after every step);
 * <li>H5 at quiescence: every page is reachable from a root, or is the orphan that
 *     {@code mmu_page_hash} hands to the next fault on its (gfn, role) (and so are its
 *     children), or is queued for freeing;
 * <li>at most one valid shadow page per (gfn, role);
 * <li>the pages the VM is charged for are the pages that exist.
 * </ul>
 * An orphan left by a zap is not a leak as long as a lookup still finds it: a zapped parent's
 * children stay in {@code mmu_page_hash}, and the next fault on their (gfn, role) links them
 * again (or a later zap takes them). It leaks once a newer page with the same (gfn, role) sits
 * before it in the bucket, where every lookup stops.
 *
 * <p>Uniqueness and the charge are checked at quiescence (the charge is briefly off inside a
 * TDP link, between the store and {@code tdp_account_mmu_page()}): a duplicate that a later zap
 * removes before the operations end goes unreported.
 */
final class MmuAudit {
    private MmuAudit() {
    }

    /** One leaked page and why nothing can reach it. */
    record Leak(KvmMmuPage sp, String why, int actor) {
    }

    // ---- parent_ptes, after every step ----

    static void checkParentPtes(KvmArch kvm, MachineCore core, int cpu) {
        List<String> wrong = parentPteMismatches(kvm);
        if (!wrong.isEmpty()) {
            throw core.hazard(Hazard.Kind.INVARIANT, cpu, cpu, "parent_ptes does not match the SPTEs pointing at "
                    + "the page: " + wrong.get(0), wrong);
        }
    }

    static List<String> parentPteMismatches(KvmArch kvm) {
        Map<Integer, Set<Sptep>> pointing = new LinkedHashMap<>();
        for (KvmMmuPage sp : kvm.pages()) {
            for (Map.Entry<Integer, Spte> e : sp.spt.entrySet()) {
                if (!e.getValue().isNonleaf()) continue;
                pointing.computeIfAbsent(e.getValue().child(), k -> new TreeSet<>()).add(new Sptep(sp.id, e.getKey()));
            }
        }
        List<String> wrong = new ArrayList<>();
        for (KvmMmuPage sp : kvm.pages()) {
            if (sp.tdp_mmu_page) continue; // the TDP MMU keeps sp->ptep, not parent_ptes
            Set<Sptep> actual = pointing.getOrDefault(sp.id, Set.of());
            if (!sp.parent_ptes.equals(actual)) {
                wrong.add(sp.name() + " has parent_ptes=" + sp.parent_ptes + " but is pointed at by " + actual);
            }
        }
        for (Integer child : pointing.keySet()) {
            if (!kvm.exists(child)) wrong.add("SPTEs " + pointing.get(child) + " point at freed sp#" + child);
        }
        return wrong;
    }

    // ---- H5 ----

    /** The pages that leak now (meant for quiescence, when no zap is half done). */
    static List<Leak> leaked(KvmArch kvm) {
        Set<Integer> reached = new TreeSet<>();
        Deque<KvmMmuPage> work = new ArrayDeque<>();
        for (KvmMmuPage sp : kvm.pages()) {
            boolean root = sp.root_count > 0;
            boolean findableOrphan = !sp.tdp_mmu_page && !sp.invalid && sp.parent_ptes.isEmpty()
                    && kvm.hash_lookup(sp.gfn, sp.role) == sp;
            if (root || findableOrphan) work.add(sp);
        }
        while (!work.isEmpty()) {
            KvmMmuPage sp = work.poll();
            if (!reached.add(sp.id)) continue;
            for (Spte spte : sp.spt.values()) if (spte.isNonleaf()) work.add(kvm.page(spte.child()));
        }
        List<Leak> leaks = new ArrayList<>();
        for (KvmMmuPage sp : kvm.pages()) {
            if (reached.contains(sp.id)) continue;
            leaks.add(why(kvm, sp, reached));
        }
        return leaks;
    }

    private static Leak why(KvmArch kvm, KvmMmuPage sp, Set<Integer> reached) {
        if (sp.invalid) {
            return new Leak(sp, sp.name() + " was zapped but never freed", -1);
        }
        if (sp.tdp_mmu_page) {
            Spte now = kvm.exists(sp.ptep.sp()) ? kvm.read(sp.ptep) : Spte.NOT_PRESENT;
            int actor = now.isNonleaf() && kvm.exists(now.child()) ? kvm.page(now.child()).allocatedBy : -1;
            if (!kvm.exists(sp.ptep.sp())) {
                return new Leak(sp, sp.name() + " was linked at " + sp.ptep + " after sp#" + sp.ptep.sp()
                        + " was removed from the paging structure (and freed): no root reaches it and nothing will free it",
                        sp.allocatedBy);
            }
            if (!reached.contains(sp.ptep.sp())) {
                return new Leak(sp, sp.name() + " hangs below sp#" + sp.ptep.sp() + ", which leaked", actor);
            }
            return new Leak(sp, sp.name() + " was linked at " + sp.ptep + ", which now holds \"" + now
                    + "\": no root reaches it and nothing will free it", actor);
        }
        if (!sp.parent_ptes.isEmpty()) {
            return new Leak(sp, sp.name() + " hangs below " + sp.parent_ptes + ", which leaked", -1);
        }
        KvmMmuPage first = kvm.hash_lookup(sp.gfn, sp.role);
        return new Leak(sp, sp.name() + " is an orphan no root reaches, and mmu_page_hash returns " + first.name()
                + " first for its (gfn, role): no fault will ever relink it; it stays allocated until zapped in turn",
                first.allocatedBy);
    }

    // ---- uniqueness ----

    /** Groups of two or more valid shadow pages with one (gfn, role). */
    static List<List<KvmMmuPage>> duplicates(KvmArch kvm) {
        Map<String, List<KvmMmuPage>> byKey = new LinkedHashMap<>();
        for (KvmMmuPage sp : kvm.pages()) {
            if (sp.tdp_mmu_page || sp.invalid) continue;
            byKey.computeIfAbsent(sp.key(), k -> new ArrayList<>()).add(sp);
        }
        List<List<KvmMmuPage>> out = new ArrayList<>();
        for (List<KvmMmuPage> group : byKey.values()) if (group.size() > 1) out.add(group);
        return out;
    }

    // ---- accounting ----

    /** What the charge counters should say: shadow pages not yet uncharged, linked TDP pages. */
    static List<String> accountingMismatches(KvmArch kvm) {
        long shadow = 0;
        long tdp = 0;
        for (KvmMmuPage sp : kvm.pages()) {
            if (sp.tdp_mmu_page) {
                if (sp.ptep != null) tdp++;
            } else if (!(sp.invalid && sp.root_count == 0)) {
                shadow++;
            }
        }
        List<String> wrong = new ArrayList<>();
        if (kvm.n_used_mmu_pages != shadow) {
            wrong.add("n_used_mmu_pages=" + kvm.n_used_mmu_pages + " but " + shadow + " shadow pages exist");
        }
        if (kvm.tdp_mmu_pages != tdp) {
            wrong.add("tdp_mmu_pages=" + kvm.tdp_mmu_pages + " but " + tdp + " TDP MMU page tables exist");
        }
        return wrong;
    }

    // ---- the final-state check ----

    static void checkQuiescent(KvmArch kvm) {
        List<Leak> leaks = leaked(kvm);
        if (!leaks.isEmpty()) {
            List<String> evidence = new ArrayList<>();
            for (Leak leak : leaks) evidence.add(leak.sp().describe());
            StringBuilder names = new StringBuilder();
            for (Leak leak : leaks) names.append(names.length() == 0 ? "" : ", ").append(leak.sp().name());
            throw new HazardException(new Hazard(Hazard.Kind.H5_LEAK, -1, -1, leaks.get(0).actor(),
                    "shadow pages leaked: " + names + ". " + leaks.get(0).why(), evidence));
        }
        List<List<KvmMmuPage>> dups = duplicates(kvm);
        if (!dups.isEmpty()) {
            List<KvmMmuPage> group = dups.get(0);
            List<String> evidence = new ArrayList<>();
            for (KvmMmuPage sp : group) evidence.add(sp.describe());
            StringBuilder names = new StringBuilder();
            for (KvmMmuPage sp : group) names.append(names.length() == 0 ? "" : " and ").append("sp#").append(sp.id);
            KvmMmuPage newest = group.get(group.size() - 1);
            throw new HazardException(new Hazard(Hazard.Kind.INVARIANT, -1, -1, newest.allocatedBy,
                    "two valid shadow pages for " + group.get(0).key() + ": " + names
                            + "; the older one is still in use, so the newer one was allocated without finding it",
                    evidence));
        }
        List<String> charged = accountingMismatches(kvm);
        if (!charged.isEmpty()) {
            throw new HazardException(new Hazard(Hazard.Kind.INVARIANT, -1, -1, -1,
                    "the pages the VM is charged for are not the pages that exist: " + charged.get(0), charged));
        }
    }
}
