package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.FlushScope;
import shootdown.machine.Footprint;
import shootdown.machine.IpiWork;
import shootdown.machine.LockRule;
import shootdown.machine.Lookup;
import shootdown.machine.PageSize;
import shootdown.machine.Prot;
import shootdown.machine.Pte;
import shootdown.machine.SpinLock;
import shootdown.model.KernelCode;

/**
 * arch/x86/mm/pat/set_memory.c as mainline has it, run by one CPU: {@code cpa_lock} around each
 * chunk, the large-page split under {@code pgd_lock} with its {@code flush_tlb_all()} inside
 * the lock (since c0a759abf5a6, v4.20), and the recheck of the entry before installing the
 * split. Every access to page tables, TLBs and locks goes through the CPU.
 *
 * Read it beside the kernel file: functions keep their names and order, paths (a), (b) and (c)
 * of {@code __change_page_attr()} are marked. A variant overrides exactly the functions its
 * patch changes (see the subclasses in this package, and docs/models/cpa.md).
 */
public class SetMemory extends KernelCode {
    /** What is left of a change once the page tables are written: the IPI flush, and the return. */
    private static final Footprint FLUSH_AND_RETURN = Footprint.NOTHING.writesAllTlbs().writesAllIpis()
            .readsAllIrqs().readsPageTables().readsAllTlbs();
    /** The return: the monitor checks the promise against the page tables and every TLB. */
    private static final Footprint RETURN = Footprint.NOTHING.readsPageTables().readsAllTlbs();

    protected SpinLock cpa_lock;
    protected SpinLock pgd_lock;
    /** True when each call is a whole scenario operation, so its tail is the operation's tail. */
    private boolean callsAreOperations;

    @Override
    protected void boot() {
        cpa_lock = cpu.lock("cpa_lock");
        pgd_lock = cpu.lock("pgd_lock");
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

    /** Split whatever maps the page down to 4K, changing no attribute. */
    public void set_memory_4k(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.NONE, true, FlushScope.ALL));
    }

    /** Unmap from the direct map; the caller flushes later. */
    public void set_direct_map_invalid_noflush(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.NOT_PRESENT, false, FlushScope.NONE));
    }

    public void set_direct_map_default_noflush(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.PRESENT, false, FlushScope.NONE));
    }

    /**
     * debug_pagealloc's {@code __kernel_map_pages()}: {@code __set_pages_np/p()} without
     * {@code cpa_flush()}, then only the local TLB: "We should perform an IPI and flush all
     * tlbs, but that can deadlock->flush only current cpu."
     */
    public void __kernel_map_pages(long addr, boolean enable) {
        CpaData cpa = new CpaData(addr, 1, enable ? PgprotMask.PRESENT : PgprotMask.NOT_PRESENT, false,
                FlushScope.LOCAL);
        __change_page_attr_set_clr(cpa);
        cpu.__flush_tlb_all();
        returned(cpa);
    }

    /** {@code debug_pagealloc_enabled()}: false on a production kernel (see {@link DebugPagealloc}). */
    protected boolean debug_pagealloc_enabled() {
        return false;
    }

    // ---- change_page_attr_set_clr() and its chunk loop ----

    protected void change_page_attr_set_clr(CpaData cpa) {
        __change_page_attr_set_clr(cpa);
        rest_touches(FLUSH_AND_RETURN); // no locks and no stores from here on
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
     * {@code if (!debug_pagealloc_enabled()) spin_lock(&cpa_lock);}: the kernel writes this test
     * inline at each of its sites (the chunk loop, and around the split's allocation); here it is
     * one function, so that a patch changing the gating changes it once.
     */
    @Helper
    protected void lock_cpa() {
        if (!debug_pagealloc_enabled()) cpu.spin_lock(cpa_lock);
    }

    @Helper
    protected void unlock_cpa() {
        if (!debug_pagealloc_enabled()) cpu.spin_unlock(cpa_lock);
    }

    /** Needs no lock: the change is in the page tables; this only makes the TLBs forget. */
    protected void cpa_flush(CpaData cpa) {
        cpu.on_each_cpu(IpiWork.flushPages(cpa.pages()));
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
                Pte new_pte = old_pte.withProt(cpa.mask.apply(old_pte.prot()));
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

    /** Where cpa_lock is taken, every store to the direct map is made under it. */
    protected List<LockRule> lockRules() {
        if (debug_pagealloc_enabled()) return List.of();
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
        Prot prot = cpa.mask.apply(Prot.KERNEL_RW);
        boolean changed = (cpa.flags & CpaData.CPA_FLUSHTLB) != 0;
        cpu.change_returned(cpa.pages(), prot, changed ? cpa.flush : FlushScope.NONE);
    }
}
