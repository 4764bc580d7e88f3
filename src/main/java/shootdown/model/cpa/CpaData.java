package shootdown.model.cpa;

import shootdown.machine.FlushScope;

/** {@code struct cpa_data}: one request, as it travels through the CPA functions. */
public final class CpaData {
    public static final int CPA_FLUSHTLB = 1;

    public final long vaddr;
    public final int numpages;
    public final PgprotMask mask;
    public final boolean forceSplit;
    /** Which TLBs the caller will flush when the change is done. */
    public final FlushScope flush;
    public int curpage;
    public int flags;

    public CpaData(long vaddr, int numpages, PgprotMask mask, boolean forceSplit, FlushScope flush) {
        this.vaddr = vaddr;
        this.numpages = numpages;
        this.mask = mask;
        this.forceSplit = forceSplit;
        this.flush = flush;
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
