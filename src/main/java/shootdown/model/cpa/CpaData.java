package shootdown.model.cpa;

import shootdown.machine.FlushScope;
import shootdown.machine.Prot;

/** {@code struct cpa_data}: one request, as it travels through the CPA functions. */
public final class CpaData {
    public static final int CPA_FLUSHTLB = 1;
    /** Try to restore large pages once the change is flushed (41d88484c71c; only set_memory_rox() sets it). */
    public static final int CPA_COLLAPSE = 16;

    public final long vaddr;
    public final int numpages;
    public final PgprotMask mask;
    public final boolean forceSplit;
    /** Which TLBs the caller will flush when the change is done. */
    public final FlushScope flush;
    public int curpage;
    public int flags;
    /**
     * What the change left in the entry it last looked at (null: it found nothing mapped): what
     * the final-state check expects to find there, unless a later change replaced it.
     */
    public Prot result;

    public CpaData(long vaddr, int numpages, PgprotMask mask, boolean forceSplit, FlushScope flush) {
        this(vaddr, numpages, mask, forceSplit, flush, 0);
    }

    public CpaData(long vaddr, int numpages, PgprotMask mask, boolean forceSplit, FlushScope flush, int flags) {
        this.vaddr = vaddr;
        this.numpages = numpages;
        this.mask = mask;
        this.forceSplit = forceSplit;
        this.flush = flush;
        this.flags = flags;
    }

    /** {@code __cpa_addr(cpa, cpa->curpage)}. */
    public long address() {
        return vaddr + curpage;
    }

    public long[] pages() {
        long[] pages = new long[numpages];
        for (int i = 0; i < numpages; i++) pages[i] = vaddr + i;
        return pages;
    }
}
