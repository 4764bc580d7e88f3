package shootdown.model.mmu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import shootdown.machine.Device;
import shootdown.machine.Fingerprint;
import shootdown.machine.Hazard;
import shootdown.machine.MachineCore;
import shootdown.machine.Rcu;

/**
 * The MMU half of {@code struct kvm_arch}: every shadow page that exists, with
 * {@code mmu_page_hash} (newest first within a bucket, as {@code hlist_add_head()} leaves it),
 * {@code active_mmu_pages} (age order), the pages the VM is charged for, and the TDP MMU's
 * counter. Touched only inside machine steps. Page ids grow with allocation, so "newest" is
 * "highest id".
 */
public final class KvmArch implements Device {
    private final MachineCore core;
    private final TreeMap<Integer, KvmMmuPage> pages = new TreeMap<>();
    private int nextId = 1;
    /** {@code kvm->arch.n_used_mmu_pages} ({@code kvm_mod_used_mmu_pages()}). */
    public long n_used_mmu_pages;
    /** {@code kvm->arch.tdp_mmu_pages} ({@code tdp_account_mmu_page()}). */
    public long tdp_mmu_pages;

    KvmArch(MachineCore core) {
        this.core = core;
    }

    @Override
    public KvmArch copy(MachineCore into) {
        KvmArch out = new KvmArch(into);
        for (KvmMmuPage sp : pages.values()) out.pages.put(sp.id, sp.copy());
        out.nextId = nextId;
        out.n_used_mmu_pages = n_used_mmu_pages;
        out.tdp_mmu_pages = tdp_mmu_pages;
        return out;
    }

    /** A cost counter of the machine (not part of the compared state); called inside steps. */
    public void count(String counter) {
        core.count(counter, 1);
    }

    // ---- pages ----

    public KvmMmuPage page(int id) {
        KvmMmuPage sp = pages.get(id);
        if (sp == null) throw new IllegalStateException("use of freed or unknown sp#" + id);
        return sp;
    }

    public boolean exists(int id) {
        return pages.containsKey(id);
    }

    public Collection<KvmMmuPage> pages() {
        return pages.values();
    }

    /**
     * {@code kvm_mmu_alloc_shadow_page()}: a new shadow page, at the head of its hash bucket
     * and of {@code active_mmu_pages}, charged to the VM.
     */
    public KvmMmuPage alloc_shadow_page(long gfn, MmuPageRole role, int cpu) {
        KvmMmuPage sp = new KvmMmuPage(nextId++, gfn, role, false, null, cpu);
        sp.onActiveList = true;
        sp.inHash = true;
        n_used_mmu_pages++;
        pages.put(sp.id, sp);
        return sp;
    }

    /** {@code tdp_mmu_alloc_sp()} + {@code tdp_mmu_init_sp()}: not linked, not yet charged. */
    public KvmMmuPage alloc_tdp_page(long gfn, MmuPageRole role, Sptep ptep, int cpu) {
        KvmMmuPage sp = new KvmMmuPage(nextId++, gfn, role, true, ptep, cpu);
        pages.put(sp.id, sp);
        return sp;
    }

    /** Frees the page's memory; it must already be out of every list. */
    public void free(int id) {
        KvmMmuPage sp = page(id);
        if (sp.onActiveList || sp.inHash) throw new IllegalStateException("freeing " + sp.name() + " still listed");
        pages.remove(id);
    }

    // ---- mmu_page_hash ----

    /**
     * {@code for_each_valid_sp()} over the bucket of {@code gfn}: the first valid page with
     * this (gfn, role), newest first; null if none.
     */
    public KvmMmuPage hash_lookup(long gfn, MmuPageRole role) {
        for (KvmMmuPage sp : pages.descendingMap().values()) {
            if (sp.inHash && !sp.invalid && sp.gfn == gfn && sp.role.equals(role)) return sp;
        }
        return null;
    }

    // ---- active_mmu_pages ----

    /** {@code active_mmu_pages} from the tail: oldest first. */
    public List<KvmMmuPage> active_mmu_pages_oldest_first() {
        List<KvmMmuPage> out = new ArrayList<>();
        for (KvmMmuPage sp : pages.values()) if (sp.onActiveList) out.add(sp);
        return out;
    }

    // ---- SPTEs ----

    public Spte read(Sptep sptep) {
        return page(sptep.sp()).spte(sptep.index());
    }

    public void write(Sptep sptep, Spte value) {
        KvmMmuPage sp = page(sptep.sp());
        if (value.equals(sp.unwritten())) sp.spt.remove(sptep.index());
        else sp.spt.put(sptep.index(), value);
    }

    // ---- the TDP MMU's walks and removed page tables, under RCU ----

    /**
     * A TDP MMU walker's {@code READ_ONCE()} of an SPTE inside {@code rcu_read_lock()}: from now
     * until its read section ends it holds a pointer into the table. Reading a table that was
     * already freed is H7: the walk was still inside it.
     */
    public Spte rcu_read_spte(MachineCore core, int cpu, Sptep sptep) {
        if (!exists(sptep.sp())) {
            throw core.hazard(Hazard.Kind.H7_FREED_TABLE_REACHABLE, cpu, cpu, "CPU" + cpu + " reads " + sptep
                    + " but sp#" + sptep.sp() + " was freed: the walk was still inside the removed table", List.of());
        }
        Rcu.of(core).rcu_dereference(core, cpu, sptep.sp(), "sp#" + sptep.sp());
        return read(sptep);
    }

    /**
     * An iterator's reads inside {@code rcu_read_lock()} from entry {@code from} of the table on:
     * the first present SPTE and its value, or null (see {@link #rcu_read_spte}).
     */
    public Sptep.Read rcu_next_present(MachineCore core, int cpu, int sp, int from) {
        rcu_read_spte(core, cpu, new Sptep(sp, from)); // the table is still there, and now held
        for (Map.Entry<Integer, Spte> e : page(sp).spt.tailMap(from).entrySet()) {
            if (e.getValue().is_shadow_present_pte()) return new Sptep.Read(new Sptep(sp, e.getKey()), e.getValue());
        }
        return null;
    }

    /**
     * The first half of {@code handle_removed_pt()} for a table this CPU unlinked:
     * {@code tdp_mmu_unlink_sp()} uncharges it, then every one of its 512 entries is exchanged
     * with {@code value} ({@code FROZEN_SPTE} in mainline). Returns the old values that were
     * present, in entry order.
     */
    public List<Spte> remove_pt(int id, Spte value) {
        KvmMmuPage sp = page(id);
        tdp_mmu_pages--; // tdp_unaccount_mmu_page(): atomic64_dec, whoever charged it and when
        sp.accounted = false;
        List<Spte> old = new ArrayList<>();
        for (Spte spte : sp.spt.values()) if (spte.is_shadow_present_pte()) old.add(spte);
        sp.spt.clear();
        sp.frozen = value.is_frozen_spte();
        return old;
    }

    /** {@code tdp_mmu_free_sp()}; returns the page's name for the trace. Check it with {@link #checkFreed}. */
    public String free_tdp_sp(int id) {
        String name = page(id).name();
        free(id);
        return name;
    }

    /** After a page was freed: H7 if another CPU's read section still holds a pointer into it. */
    public static void checkFreed(MachineCore core, int actor, int id, String name) {
        Rcu.of(core).checkFree(core, actor, id, name);
    }

    // ---- Device ----

    @Override
    public void encode(StringBuilder out) {
        out.append("kvm{used=").append(n_used_mmu_pages).append(",tdp=").append(tdp_mmu_pages)
                .append(",next=").append(nextId).append(';');
        for (KvmMmuPage sp : pages.values()) sp.encode(out);
        out.append('}');
    }

    /**
     * The encoding's hashes, whatever the CPUs' order: it names no CPU (a page's
     * {@code allocatedBy} is for messages only and stays out of it).
     */
    @Override
    public void fingerprint(Fingerprint out, int[] order, int[] rank) {
        StringBuilder text = new StringBuilder();
        encode(text);
        out.add(Fingerprint.hashes(text));
    }

    /** Names no CPU: its text is the same under any renaming. */
    @Override
    public void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        encode(out);
    }

    @Override
    public void checkQuiescent(MachineCore core) {
        MmuAudit.checkQuiescent(this);
    }

    // ---- outcome: the paging structures, without page ids ----

    /**
     * Page ids count allocations, so two runs that build the same tables in another order (or
     * where a TDP loser allocated and freed a page first) number them differently. The outcome
     * names each page by its (gfn, role) and state, and each non-leaf SPTE by the page it points
     * at, written out in place: every structure hanging from a page no SPTE points at (a root, an
     * orphan), in sorted order.
     */
    @Override
    public void outcome(StringBuilder out) {
        out.append("used=").append(n_used_mmu_pages).append(" tdp=").append(tdp_mmu_pages);
        TreeSet<Integer> pointedAt = new TreeSet<>();
        for (KvmMmuPage sp : pages.values()) {
            for (Spte spte : sp.spt.values()) if (spte.isNonleaf()) pointedAt.add(spte.child());
        }
        List<String> tops = new ArrayList<>();
        for (KvmMmuPage sp : pages.values()) if (!pointedAt.contains(sp.id)) tops.add(shape(sp));
        Collections.sort(tops);
        out.append(' ').append(tops);
    }

    private String shape(KvmMmuPage sp) {
        StringBuilder out = new StringBuilder();
        out.append(sp.key()).append(sp.tdp_mmu_page ? " tdp" : "");
        if (sp.root_count > 0) out.append(" root_count=").append(sp.root_count);
        if (sp.invalid) out.append(" invalid");
        if (!sp.tdp_mmu_page && !sp.onActiveList) out.append(" off-active-list");
        if (!sp.tdp_mmu_page && !sp.inHash) out.append(" off-hash");
        if (sp.accounted) out.append(" accounted");
        out.append(" {");
        String sep = "";
        for (Map.Entry<Integer, Spte> e : sp.spt.entrySet()) {
            Spte spte = e.getValue();
            if (!spte.is_shadow_present_pte()) continue;
            out.append(sep).append('[').append(e.getKey()).append("] ");
            out.append(spte.isNonleaf() && exists(spte.child()) ? shape(page(spte.child())) : spte.toString());
            sep = ", ";
        }
        return out.append('}').toString();
    }
}
