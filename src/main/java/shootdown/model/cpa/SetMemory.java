package shootdown.model.cpa;

import java.util.ArrayList;
import java.util.List;
import shootdown.machine.FlushScope;
import shootdown.machine.Footprint;
import shootdown.machine.IpiWork;
import shootdown.machine.LockRule;
import shootdown.machine.Lookup;
import shootdown.machine.PageSize;
import shootdown.machine.Prot;
import shootdown.machine.Pte;
import shootdown.machine.PteRef;
import shootdown.machine.PteRun;
import shootdown.machine.RwLock;
import shootdown.machine.SpinLock;
import shootdown.model.KernelCode;

/**
 * arch/x86/mm/pat/set_memory.c as mainline has it (v7.3-rc1), run by one CPU: {@code cpa_lock}
 * around each chunk, taken whatever debug_pagealloc says (5fce67641a3e); the large-page split
 * under {@code pgd_lock} with its {@code flush_tlb_all()} inside the lock (since c0a759abf5a6,
 * v4.20), and the recheck of the entry before installing the split; {@code set_memory_rox()}'s
 * collapse back to large pages once the change is flushed (41d88484c71c, v6.14), under
 * init_mm's mmap lock taken for writing (July 2026, Fixes: 41d88484c71c), and under
 * {@code cpa_lock} (1aac65f3e651); attribute changes take init_mm's mmap lock for reading. Every
 * access to page tables, TLBs and locks goes through the CPU.
 *
 * Read it beside the kernel file: functions keep their names and order, paths (a), (b) and (c)
 * of {@code __change_page_attr()} are marked. A variant overrides exactly the functions its
 * patch changes (see the subclasses in this package, and docs/machine.md for the machine).
 */
public class SetMemory extends KernelCode {
    /** The name of init_mm's mmap lock, which ptdump takes too. */
    public static final String INIT_MM_MMAP_LOCK = "init_mm.mmap_lock";
    /** What is left of a change once the page tables are written: the IPI flush, and the return. */
    private static final Footprint FLUSH_AND_RETURN = Footprint.NOTHING.writesAllTlbs().writesAllIpis()
            .readsAllIrqs().readsPageTables().readsAllTlbs();
    /** The return: the monitor checks the promise against the page tables and every TLB. */
    private static final Footprint RETURN = Footprint.NOTHING.readsPageTables().readsAllTlbs();

    protected SpinLock cpa_lock;
    protected SpinLock pgd_lock;
    /** init_mm's {@code mmap_lock}, an rw_semaphore: a sleeping lock, which the model does not make sleep. */
    protected RwLock init_mm;
    /** True when each call is a whole scenario operation, so its tail is the operation's tail. */
    private boolean callsAreOperations;

    @Override
    protected void boot() {
        cpa_lock = cpu.lock("cpa_lock");
        pgd_lock = cpu.lock("pgd_lock");
        init_mm = cpu.rwlock(INIT_MM_MMAP_LOCK);
    }

    /** The CPA model runs each call as one operation; a caller that goes on afterwards (SNP) does not. */
    void callsAreOperations() {
        callsAreOperations = true;
    }

    // ---- the public entry points ----

    public void set_memory_ro(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.RO, false, FlushScope.ALL));
    }

    public void set_memory_rw(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.RW, false, FlushScope.ALL));
    }

    public void set_memory_nx(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.NX, false, FlushScope.ALL));
    }

    /** Read-only and executable, then restore large pages where the range became uniform (41d88484c71c). */
    public void set_memory_rox(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.ROX, false, FlushScope.ALL, CpaData.CPA_COLLAPSE));
    }

    /**
     * Split whatever maps the page down to 4K, and mark it {@code _PAGE_KERNEL_4K} so that a
     * collapse leaves it alone (the mask was empty before 41d88484c71c).
     */
    public void set_memory_4k(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.KERNEL_4K, true, FlushScope.ALL));
    }

    /** Unmap from the direct map; the caller flushes later. */
    public void set_direct_map_invalid_noflush(long addr) {
        CpaData cpa = __set_pages_np(addr, FlushScope.NONE);
        rest_touches(RETURN);
        returned(cpa);
    }

    public void set_direct_map_default_noflush(long addr) {
        CpaData cpa = __set_pages_p(addr, FlushScope.NONE);
        rest_touches(RETURN);
        returned(cpa);
    }

    /**
     * debug_pagealloc's {@code __kernel_map_pages()}: {@code __set_pages_np/p()} without
     * {@code cpa_flush()}, then only the local TLB: "We should perform an IPI and flush all
     * tlbs, but that can deadlock->flush only current cpu."
     */
    public void __kernel_map_pages(long addr, boolean enable) {
        CpaData cpa = enable ? __set_pages_p(addr, FlushScope.LOCAL) : __set_pages_np(addr, FlushScope.LOCAL);
        cpu.__flush_tlb_all();
        returned(cpa);
    }

    /**
     * {@code __set_pages_np()}: the change with no flush and no lock of init_mm (its callers
     * may not sleep); {@code promise} is what the caller's own flush will cover.
     */
    protected CpaData __set_pages_np(long addr, FlushScope promise) {
        CpaData cpa = new CpaData(addr, 1, PgprotMask.NOT_PRESENT, false, promise);
        __change_page_attr_set_clr(cpa);
        return cpa;
    }

    protected CpaData __set_pages_p(long addr, FlushScope promise) {
        CpaData cpa = new CpaData(addr, 1, PgprotMask.PRESENT, false, promise);
        __change_page_attr_set_clr(cpa);
        return cpa;
    }

    /**
     * {@code kernel_page_present()}: a lockless {@code lookup_address()}, here as the two reads
     * it makes below the PMD level: the PMD entry, then the PTE in the table it points at.
     */
    public boolean kernel_page_present(long addr) {
        Lookup pmd = cpu.pmd_offset(addr);
        if (!pmd.value().isTable()) return pmd.value().isLeaf() && pmd.value().prot().present();
        Pte pte = cpu.read_pte(pte_offset_kernel(pmd, addr));
        return pte.isLeaf() && pte.prot().present();
    }

    /** {@code debug_pagealloc_enabled()}: false on a production kernel (see {@link DebugPagealloc}). */
    protected boolean debug_pagealloc_enabled() {
        return false;
    }

    // ---- change_page_attr_set_clr() and its chunk loop ----

    protected void change_page_attr_set_clr(CpaData cpa) {
        // "Avoid race with concurrent CPA collapse." (July 2026)
        cpu.read_lock(init_mm);
        __change_page_attr_set_clr(cpa);
        cpu.read_unlock(init_mm);
        flush_and_return(cpa);
    }

    /**
     * The rest of {@code change_page_attr_set_clr()}, after the change: {@code cpa_flush()} if
     * anything changed (and with it the collapse, for {@code set_memory_rox()}), then return.
     */
    @Helper
    protected final void flush_and_return(CpaData cpa) {
        // No locks and no stores from here on, unless a collapse follows the flush.
        if ((cpa.flags & CpaData.CPA_COLLAPSE) == 0) rest_touches(FLUSH_AND_RETURN);
        if ((cpa.flags & CpaData.CPA_FLUSHTLB) != 0 && cpa.flush == FlushScope.ALL) cpa_flush(cpa);
        rest_touches(RETURN);
        returned(cpa);
    }

    protected void __change_page_attr_set_clr(CpaData cpa) {
        for (cpa.curpage = 0; cpa.curpage < cpa.numpages; cpa.curpage++) {
            lock_cpa();
            __change_page_attr(cpa);
            unlock_cpa();
        }
    }

    /**
     * {@code spin_lock(&cpa_lock)} at each of its sites (the chunk loop, around the split's
     * allocation, around the collapse): one function, so that a patch changing the locking
     * changes it once. Since 5fce67641a3e no site tests {@code debug_pagealloc_enabled()} first.
     */
    @Helper
    protected void lock_cpa() {
        cpu.spin_lock(cpa_lock);
    }

    @Helper
    protected void unlock_cpa() {
        cpu.spin_unlock(cpa_lock);
    }

    /**
     * Needs no lock: the change is in the page tables; this only makes the TLBs forget (one page:
     * below {@code tlb_single_page_flush_ceiling}, so per-page INVLPG by IPI, even on INVLPGB
     * machines). Then, for {@code set_memory_rox()}, the collapse.
     */
    protected void cpa_flush(CpaData cpa) {
        cpu.on_each_cpu(IpiWork.flushPages(cpa.pages()));
        if ((cpa.flags & CpaData.CPA_COLLAPSE) != 0) cpa_collapse_large_pages(cpa);
    }

    // ---- collapse: restore large pages after fragmentation (41d88484c71c, v6.14) ----

    /**
     * July 2026 (Fixes: 41d88484c71c): init_mm's mmap lock for writing, to "Avoid a use-after-free
     * if raced by ptdump (which takes its own write lock on init_mm)" and to "Serialise concurrent
     * CPA walkers"; and {@code cpa_lock} (1aac65f3e651, whose code is not public: its title, and
     * the rule that a sleeping lock is not taken under a spinlock, place it inside the mmap lock).
     */
    protected void cpa_collapse_large_pages(CpaData cpa) {
        cpu.write_lock(init_mm);
        lock_cpa();
        __cpa_collapse_large_pages(cpa);
        unlock_cpa();
        cpu.write_unlock(init_mm);
    }

    /** Collapses every 2M range the change touched, flushes every TLB, then frees the old tables. */
    protected void __cpa_collapse_large_pages(CpaData cpa) {
        List<Integer> pgtables = new ArrayList<>(); // LIST_HEAD(pgtables)
        int collapsed = 0;
        long start = PageSize.SIZE_2M.alignDown(cpa.vaddr);
        long end = cpa.vaddr + cpa.numpages;
        for (long addr = start; addr < end; addr += PageSize.SIZE_2M.pages) {
            collapsed += collapse_large_pages(addr, pgtables);
        }
        if (collapsed == 0) return;

        cpu.flush_tlb_all();
        for (int table : pgtables) cpu.pagetable_free(table);
    }

    /**
     * "Caller must flush TLB and free page tables queued on the list before touching the new
     * entries. CPU must not see TLB entries of different size with different attributes."
     */
    protected int collapse_large_pages(long addr, List<Integer> pgtables) {
        addr = PageSize.SIZE_2M.alignDown(addr);
        cpu.spin_lock(pgd_lock);
        int collapsed = 0;
        Lookup pud = cpu.pud_offset(addr);
        if (pud.value().isTable()) { // pud_present() and not pud_leaf()
            Lookup pmd = cpu.pmd_offset(addr);
            if (pmd.value().isTable()) { // pmd_present() and not pmd_leaf()
                collapsed = collapse_pmd_page(pmd, addr, pgtables);
                if (collapsed != 0) collapsed += collapse_pud_page(pud, addr, pgtables);
            }
        }
        cpu.spin_unlock(pgd_lock);
        return collapsed;
    }

    /**
     * Replaces a PTE table whose 512 entries agree (present, the same flags including
     * {@code _PAGE_KERNEL_4K}, contiguous frames from a 2M-aligned one) by one 2M leaf, and
     * queues the table. {@code if (!cpu_feature_enabled(X86_FEATURE_PSE)) return 0;}
     * (1dbf30fdb5e5) never returns here: the model's CPUs have PSE.
     */
    protected int collapse_pmd_page(Lookup pmd, long addr, List<Integer> pgtables) {
        addr = PageSize.SIZE_2M.alignDown(addr);
        int table = pmd.value().table();
        List<PteRun> pte = entries(table, addr, PageSize.SIZE_4K);
        Pte first = pte.get(0).first();
        long pfn = first.frame();

        // Check that the first PTE maps a 2M-aligned physical address (a none entry maps nothing).
        if (!first.isLeaf() || PageSize.SIZE_2M.alignDown(pfn) != pfn) return 0;
        // The page is 4k intentionally
        if (first.kernel4k()) return 0;
        // Check that the rest of PTEs are compatible with the first one: run by run (PteRun).
        for (PteRun run : pte) {
            Pte entry = run.first();
            if (!entry.isLeaf() || !entry.prot().present()) return 0;
            if (!entry.sameFlags(first)) return 0;
            if (entry.frame() != pfn + run.from()) return 0;
        }
        // pgprot_4k_2_large(), _PAGE_PSE: the large leaf with the 512 entries' attributes.
        cpu.set_pmd(pmd.kpte(), Pte.leaf(PageSize.SIZE_2M, pfn, first.prot()), addr);
        pgtables.add(table); // list_add(&page_ptdesc(pmd_page(old_pmd))->pt_list, pgtables)
        return 1;
    }

    /**
     * The same one level up: 512 2M leaves into a 1G leaf, the PMD table queued before the PUD
     * entry is written. {@code if (!direct_gbpages) return 0;} never returns here: the model maps
     * 1G pages (its 1g layout).
     */
    protected int collapse_pud_page(Lookup pud, long addr, List<Integer> pgtables) {
        addr = PageSize.SIZE_1G.alignDown(addr);
        int table = pud.value().table();
        List<PteRun> pmd = entries(table, addr, PageSize.SIZE_2M);
        Pte first = pmd.get(0).first();
        long pfn = first.frame();

        if (!first.isLarge() || PageSize.SIZE_1G.alignDown(pfn) != pfn) return 0;
        for (PteRun run : pmd) {
            Pte entry = run.first();
            if (!entry.isLarge() || !entry.prot().present()) return 0;
            if (!entry.sameFlags(first)) return 0;
            if (entry.frame() != pfn + (long) run.from() * PageSize.SIZE_2M.pages) return 0;
        }
        pgtables.add(table);
        cpu.set_pmd(pud.kpte(), Pte.leaf(PageSize.SIZE_1G, pfn, first.prot()), addr);
        return 1;
    }

    /**
     * The 512 entries of table#{@code table}, which maps the region from {@code base}, as the
     * kernel's loop reads them, in runs of entries that continue each other ({@link PteRun}):
     * those of unwatched pages in one step (no operation writes them), then each watched one in
     * a step of its own, in order ({@link shootdown.machine.Cpu#read_ptes}). The kernel stops at
     * the first entry that disagrees; reading on changes nothing, so the answer is the same.
     */
    @Helper
    protected final List<PteRun> entries(int table, long base, PageSize size) {
        List<PteRun> out = new ArrayList<>();
        int next = 0;
        for (PteRun run : cpu.read_ptes(table, base)) {
            for (int index = next; index < run.from(); index++) out.add(one(table, index, size));
            out.add(run);
            next = run.from() + run.count();
        }
        for (int index = next; index < PageSize.PTRS_PER_TABLE; index++) out.add(one(table, index, size));
        return out;
    }

    /** One watched entry, read in a step of its own. */
    @Helper
    private PteRun one(int table, int index, PageSize size) {
        return new PteRun(index, 1, cpu.read_pte(new PteRef(table, index, size)));
    }

    /** {@code pte_offset_kernel()}: the pointer to the PTE of {@code address} in the table {@code pmd} points at. */
    @Helper
    protected static PteRef pte_offset_kernel(Lookup pmd, long address) {
        return new PteRef(pmd.value().table(), (int) Math.floorMod(address, (long) PageSize.PTRS_PER_TABLE),
                PageSize.SIZE_4K);
    }

    // ---- __change_page_attr(): paths (a), (b) and (c) ----

    protected void __change_page_attr(CpaData cpa) {
        long address = cpa.address();
        while (true) { // repeat:
            Lookup kpte = cpu.lookup_address(address);
            Pte old_pte = kpte.value();
            if (!old_pte.isLeaf()) return; // __cpa_process_fault(): nothing mapped here

            if (kpte.level() == PageSize.SIZE_4K) {
                // (a) a 4K leaf: no pgd_lock, just an atomic store of the new PTE.
                Pte new_pte = cpa.mask.apply(old_pte);
                cpa.result = new_pte.prot();
                if (!new_pte.equals(old_pte)) {
                    cpu.set_pte_atomic(kpte.kpte(), new_pte, address);
                    cpa.flags |= CpaData.CPA_FLUSHTLB;
                }
                return;
            }

            // (b) a large leaf: keep it if the change covers it whole, else split.
            if (!should_split_large_page(kpte, address, cpa)) return;

            // (c) split, then look the address up again: now it is path (a).
            split_large_page(cpa, kpte, address);
        }
    }

    protected boolean should_split_large_page(Lookup kpte, long address, CpaData cpa) {
        if (cpa.forceSplit) return true;
        cpu.spin_lock(pgd_lock);
        boolean do_split = __should_split_large_page(kpte, address, cpa);
        cpu.spin_unlock(pgd_lock);
        return do_split;
    }

    protected boolean __should_split_large_page(Lookup kpte, long address, CpaData cpa) {
        // Check for races, another CPU might have split this page up already.
        Lookup tmp = cpu.lookup_address(address);
        if (!tmp.kpte().equals(kpte.kpte())) return true;

        Pte old_pte = tmp.value();
        long lpaddr = old_pte.size().alignDown(address);
        if (address != lpaddr || cpa.numpages < old_pte.size().pages) return true;

        // The request covers the whole large page: change it in place.
        Pte new_pte = old_pte.withProt(cpa.mask.apply(old_pte.prot()));
        cpa.result = new_pte.prot();
        cpu.__set_pmd_pte(kpte.kpte(), new_pte, address);
        cpa.flags |= CpaData.CPA_FLUSHTLB;
        return false;
    }

    protected void split_large_page(CpaData cpa, Lookup kpte, long address) {
        // Allocation may sleep: drop cpa_lock around it.
        unlock_cpa();
        int base = cpu.alloc_pages(kpte.level().smaller());
        lock_cpa();

        if (__split_large_page(cpa, kpte, address, base) != 0) cpu.__free_page(base);
    }

    /**
     * Installs a table of 512 smaller entries that map what the large leaf maps. Returns 0 once
     * the split is in place, 1 when another CPU split the page first (the caller frees
     * {@code base} and looks the address up again), as the kernel does.
     */
    protected int __split_large_page(CpaData cpa, Lookup kpte, long address, int base) {
        cpu.spin_lock(pgd_lock);
        // Check for races, another CPU might have split this page up for us already.
        Lookup tmp = cpu.lookup_address(address);
        if (!tmp.kpte().equals(kpte.kpte())) {
            cpu.spin_unlock(pgd_lock);
            return 1;
        }

        // Fill 512 entries with the old protections, then install the new table.
        cpu.split_set_ptes(base, tmp.value());
        cpu.__set_pmd_pte(kpte.kpte(), Pte.table(base), address);

        // "Do a global flush tlb after splitting the large page and before we do the actual
        // change page attribute in the PTE." Since 2018 it runs under pgd_lock.
        cpu.flush_tlb_all();
        cpu.spin_unlock(pgd_lock);
        return 0;
    }

    // ---- what the model says about this code (checked by the explorer, not trusted) ----

    /** Every store to the direct map is made under cpa_lock (the collapse's too, since 1aac65f3e651). */
    protected List<LockRule> lockRules() {
        return List.of(new LockRule(Footprint.NOTHING.writesPageTables(), cpa_lock));
    }

    /** Tells the explorer what is left of the operation (see {@link shootdown.machine.Cpu#rest_of_operation_touches}). */
    private void rest_touches(Footprint rest) {
        if (callsAreOperations) cpu.rest_of_operation_touches(rest);
    }

    /**
     * Tells the monitor the call returned. A call that found nothing to change flushed nothing
     * and promises nothing about TLBs (another CPU's identical change may still be flushing).
     */
    protected void returned(CpaData cpa) {
        Prot prot = cpa.result != null ? cpa.result : cpa.mask.apply(Prot.KERNEL_RW);
        boolean changed = (cpa.flags & CpaData.CPA_FLUSHTLB) != 0;
        cpu.change_returned(cpa.pages(), prot, changed ? cpa.flush : FlushScope.NONE);
    }
}
