package shootdown.model.cpa;

import shootdown.machine.Cpu;
import shootdown.machine.FlushScope;
import shootdown.machine.Footprint;
import shootdown.machine.IpiWork;
import shootdown.machine.Lookup;
import shootdown.machine.PageSize;
import shootdown.machine.Prot;
import shootdown.machine.Pte;
import shootdown.machine.SpinLock;

/**
 * arch/x86/mm/pat/set_memory.c, as one CPU runs it. Every access to page tables, TLBs and
 * locks goes through {@link Cpu}; the variant decides the locking and flushing that kernel
 * history changed. Read it beside the kernel source: the functions keep their names.
 */
public final class SetMemory {
    /** What is left of a change once the page tables are written: the IPI flush, and the return. */
    private static final Footprint FLUSH_AND_RETURN = Footprint.NOTHING.writesAllTlbs().writesAllIpis()
            .readsAllIrqs().readsPageTables().readsAllTlbs();
    /** The return: the monitor checks the promise against the page tables and every TLB. */
    private static final Footprint RETURN = Footprint.NOTHING.readsPageTables().readsAllTlbs();

    private final Cpu cpu;
    private final CpaVariant variant;
    private final SpinLock cpa_lock;
    private final SpinLock pgd_lock;
    /** True when each call is a whole scenario operation, so its tail is the operation's tail. */
    private final boolean callsAreOperations;

    /** For a caller that goes on after set_memory_*() returns (the SEV-SNP model). */
    public SetMemory(Cpu cpu, CpaVariant variant) {
        this(cpu, variant, false);
    }

    SetMemory(Cpu cpu, CpaVariant variant, boolean callsAreOperations) {
        this.cpu = cpu;
        this.variant = variant;
        this.callsAreOperations = callsAreOperations;
        this.cpa_lock = cpu.lock("cpa_lock");
        this.pgd_lock = cpu.lock("pgd_lock");
    }

    // ---- the public entry points ----

    public void set_memory_ro(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.RO, false, FlushScope.ALL));
    }

    void set_memory_rw(long addr) {
        change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.RW, false, FlushScope.ALL));
    }

    void set_memory_nx(long addr) {
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
    void __kernel_map_pages(long addr, boolean enable) {
        CpaData cpa = new CpaData(addr, 1, enable ? PgprotMask.PRESENT : PgprotMask.NOT_PRESENT, false,
                FlushScope.LOCAL);
        __change_page_attr_set_clr(cpa);
        cpu.__flush_tlb_all();
        returned(cpa);
    }

    // ---- change_page_attr_set_clr() and its chunk loop ----

    private void change_page_attr_set_clr(CpaData cpa) {
        __change_page_attr_set_clr(cpa);
        rest_touches(FLUSH_AND_RETURN); // no locks and no stores from here on
        if ((cpa.flags & CpaData.CPA_FLUSHTLB) != 0 && cpa.flush == FlushScope.ALL) {
            cpa_flush(cpa);
        }
        rest_touches(RETURN);
        returned(cpa);
    }

    private void __change_page_attr_set_clr(CpaData cpa) {
        for (cpa.curpage = 0; cpa.curpage < cpa.numpages; cpa.curpage++) {
            if (takes_cpa_lock()) cpu.spin_lock(cpa_lock);
            __change_page_attr(cpa);
            if (takes_cpa_lock()) cpu.spin_unlock(cpa_lock);
        }
    }

    /** Tells the explorer what is left of the operation (see {@link Cpu#rest_of_operation_touches}). */
    private void rest_touches(Footprint rest) {
        if (callsAreOperations) cpu.rest_of_operation_touches(rest);
    }

    /** Needs no lock: the change is in the page tables; this only makes the TLBs forget. */
    private void cpa_flush(CpaData cpa) {
        cpu.on_each_cpu(IpiWork.flushPages(cpa.pages()));
    }

    /**
     * Tells the monitor the call returned. A call that found nothing to change flushed nothing
     * and promises nothing about TLBs (another CPU's identical change may still be flushing).
     */
    private void returned(CpaData cpa) {
        Prot prot = cpa.mask.apply(Prot.KERNEL_RW);
        boolean changed = (cpa.flags & CpaData.CPA_FLUSHTLB) != 0;
        cpu.change_returned(cpa.pages(), prot, changed ? cpa.flush : FlushScope.NONE);
    }

    // ---- __change_page_attr(): paths (a), (b) and (c) ----

    private void __change_page_attr(CpaData cpa) {
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

    private boolean should_split_large_page(Lookup kpte, long address, CpaData cpa) {
        if (cpa.forceSplit) return true;
        cpu.spin_lock(pgd_lock);
        boolean do_split = __should_split_large_page(kpte, address, cpa);
        cpu.spin_unlock(pgd_lock);
        return do_split;
    }

    private boolean __should_split_large_page(Lookup kpte, long address, CpaData cpa) {
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

    private void split_large_page(CpaData cpa, Lookup kpte, long address) {
        // Allocation may sleep: drop cpa_lock around it.
        if (takes_cpa_lock()) cpu.spin_unlock(cpa_lock);
        int base = cpu.alloc_pages(kpte.level().smaller());
        if (takes_cpa_lock()) cpu.spin_lock(cpa_lock);

        if (!__split_large_page(cpa, kpte, address, base)) cpu.__free_page(base);
    }

    /** Returns false when another CPU split the page first and {@code base} is not needed. */
    private boolean __split_large_page(CpaData cpa, Lookup kpte, long address, int base) {
        cpu.spin_lock(pgd_lock);
        Pte ref;
        if (variant.recheckSplit()) {
            // Check for races, another CPU might have split this page up for us already.
            Lookup tmp = cpu.lookup_address(address);
            if (!tmp.kpte().equals(kpte.kpte())) {
                cpu.spin_unlock(pgd_lock);
                return false;
            }
            ref = tmp.value();
        } else {
            // No recheck: trust the large entry seen before cpa_lock was dropped.
            ref = kpte.value();
        }

        // Fill 512 entries with the old protections, then install the new table.
        cpu.split_set_ptes(base, ref);
        cpu.__set_pmd_pte(kpte.kpte(), Pte.table(base), address);

        // "Do a global flush tlb after splitting the large page and before we do the actual
        // change page attribute in the PTE." Since 2018 it runs under pgd_lock.
        if (variant.flushInsidePgdLock()) {
            cpu.flush_tlb_all();
            cpu.spin_unlock(pgd_lock);
        } else {
            cpu.spin_unlock(pgd_lock);
            cpu.flush_tlb_all();
        }
        return true;
    }

    /**
     * The kernel writes {@code if (!debug_pagealloc_enabled()) spin_lock(&cpa_lock)}; the
     * LPC 2022 patch deleted the lock outright. Both are "no cpa_lock" here.
     */
    private boolean takes_cpa_lock() {
        return variant.cpaLock() && !variant.debugPagealloc();
    }
}
