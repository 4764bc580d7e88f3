package shootdown.model.mmu;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code struct kvm_mmu_page}: one shadow page. Only entries that were ever written are kept
 * in {@link #spt}; the other 512-odd are not present. Lives in {@link KvmArch} and is touched
 * only inside machine steps.
 */
public final class KvmMmuPage {
    public final int id;
    public final long gfn;
    public final MmuPageRole role;
    /** {@code sp->tdp_mmu_page}: owned by the TDP MMU, not in mmu_page_hash or active_mmu_pages. */
    public final boolean tdp_mmu_page;
    /** TDP MMU only: {@code sp->ptep}, the entry the page was allocated for (null for a root). */
    public final Sptep ptep;
    /** The CPU that allocated it (for messages only; not part of the state). */
    public final int allocatedBy;

    public final TreeMap<Integer, Spte> spt = new TreeMap<>();
    /** {@code sp->parent_ptes}: the SPTEs that point at this page (shadow MMU only). */
    public final TreeSet<Sptep> parent_ptes = new TreeSet<>();
    public int root_count;
    /** {@code sp->role.invalid}: zapped, waiting on an invalid_list for the commit. */
    public boolean invalid;
    /** On {@code kvm->arch.active_mmu_pages} ({@code sp->link}). */
    public boolean onActiveList;
    /** In {@code kvm->arch.mmu_page_hash} ({@code sp->hash_link}). */
    public boolean inHash;
    /** TDP MMU only: {@code tdp_account_mmu_page()} has charged it. */
    public boolean accounted;
    /**
     * TDP MMU only: {@code handle_removed_pt()} froze every entry; {@link #spt} is empty and each
     * entry reads {@code FROZEN_SPTE} until the page is freed.
     */
    public boolean frozen;

    KvmMmuPage(int id, long gfn, MmuPageRole role, boolean tdp_mmu_page, Sptep ptep, int allocatedBy) {
        this.id = id;
        this.gfn = gfn;
        this.role = role;
        this.tdp_mmu_page = tdp_mmu_page;
        this.ptep = ptep;
        this.allocatedBy = allocatedBy;
    }

    /** An independent copy, for a snapshot of the machine. */
    public KvmMmuPage copy() {
        KvmMmuPage out = new KvmMmuPage(id, gfn, role, tdp_mmu_page, ptep, allocatedBy);
        out.spt.putAll(spt);
        out.parent_ptes.addAll(parent_ptes);
        out.root_count = root_count;
        out.invalid = invalid;
        out.onActiveList = onActiveList;
        out.inHash = inHash;
        out.accounted = accounted;
        out.frozen = frozen;
        return out;
    }

    /** What an entry never written (since the page was frozen) reads. */
    public Spte unwritten() {
        return frozen ? Spte.FROZEN : Spte.NOT_PRESENT;
    }

    public Spte spte(int index) {
        return spt.getOrDefault(index, unwritten());
    }

    /** (gfn, role): the key of mmu_page_hash. */
    public String key() {
        return "(gfn 0x" + Long.toHexString(gfn) + ", " + role + ")";
    }

    /** e.g. "sp#3 (gfn 0x0, level 2)". */
    public String name() {
        return "sp#" + id + " " + key();
    }

    public boolean sameKey(KvmMmuPage other) {
        return gfn == other.gfn && role.equals(other.role);
    }

    /** Everything about the page a reviewer needs, for hazard evidence. */
    public String describe() {
        StringBuilder out = new StringBuilder(name()).append(':');
        if (root_count > 0) out.append(" root_count=").append(root_count);
        if (invalid) out.append(" invalid");
        if (frozen) out.append(" removed (every entry FROZEN_SPTE)");
        if (!tdp_mmu_page) out.append(" parent_ptes=").append(parent_ptes);
        out.append(" spt={");
        String sep = "";
        for (Map.Entry<Integer, Spte> e : spt.entrySet()) {
            if (!e.getValue().is_shadow_present_pte()) continue;
            out.append(sep).append('[').append(e.getKey()).append("] ").append(e.getValue());
            sep = ", ";
        }
        return out.append('}').toString();
    }

    public void encode(StringBuilder out) {
        out.append(id).append(':').append(gfn).append(',').append(role.level()).append(role.direct() ? 'd' : 'i')
                .append(tdp_mmu_page ? 't' : 's').append(root_count).append(invalid ? 'I' : 'v')
                .append(onActiveList ? 'A' : '-').append(inHash ? 'H' : '-').append(accounted ? 'C' : '-')
                .append(frozen ? 'F' : '-');
        if (ptep != null) out.append('^').append(ptep);
        for (Map.Entry<Integer, Spte> e : spt.entrySet()) out.append('[').append(e.getKey()).append(e.getValue()).append(']');
        out.append(parent_ptes).append(';');
    }
}
