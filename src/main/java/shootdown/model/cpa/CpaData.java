package shootdown.model.cpa;

import shootdown.machine.FlushScope;

/** {@code struct cpa_data}: one request, as it travels through the CPA functions. */
final class CpaData {
    static final int CPA_FLUSHTLB = 1;

    final long vaddr;
    final int numpages;
    final PgprotMask mask;
    final boolean forceSplit;
    /** Which TLBs the caller will flush when the change is done. */
    final FlushScope flush;
    int curpage;
    int flags;

    CpaData(long vaddr, int numpages, PgprotMask mask, boolean forceSplit, FlushScope flush) {
        this.vaddr = vaddr;
        this.numpages = numpages;
        this.mask = mask;
        this.forceSplit = forceSplit;
        this.flush = flush;
    }

    /** {@code __cpa_addr(cpa, cpa->curpage)}. */
    long address() {
        return vaddr + curpage;
    }

    long[] pages() {
        long[] pages = new long[numpages];
        for (int i = 0; i < numpages; i++) pages[i] = vaddr + i;
        return pages;
    }
}
