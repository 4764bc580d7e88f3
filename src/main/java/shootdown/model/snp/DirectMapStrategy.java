package shootdown.model.snp;

/**
 * How {@code rmpupdate()} keeps the host's direct map from overlapping private frames with a
 * large mapping (DOMAIN.md section 3). Each one goes through the CPA model.
 */
public enum DirectMapStrategy {
    /** SNP-1: RMPUPDATE only; the direct map keeps its 2M leaves. */
    NO_ADJUST("no direct-map adjustment"),
    /** SNP-2 (661b1c6169e2, v6.9): {@code adjust_direct_map()}: split to 4K on demand with set_memory_4k(). */
    ADJUST_DIRECT_MAP("merged adjust_direct_map(): lookup_address(), then set_memory_4k() if larger than 4K"),
    /**
     * Not in any kernel: {@code adjust_direct_map()} without its lockless shortcut, calling
     * set_memory_4k() for every 4K transition so that CPA's lookup, under cpa_lock, waits for a
     * split whose flush is still in flight. What closes the SNP-2-fastpath race, at one cpa_lock
     * acquisition per conversion.
     */
    ADJUST_DIRECT_MAP_NO_SHORTCUT("adjust_direct_map() always through set_memory_4k() (no lockless shortcut)"),
    /** SNP-3 (RFC v8): unmap before making private, restore after making shared; the cleanup label also runs on success. */
    INVALIDATE_RESTORE_V8("RFC v8 invalidate_direct_map()/restore_direct_map(), cleanup always restores"),
    /** SNP-3f: the RFC v8 design with the restore only on the error path. */
    INVALIDATE_RESTORE_FIXED("RFC v8 design, restore only on failure"),
    /** SNP-5 (v6 series): unmap before making private, the split installed without a TLB flush. */
    SPLIT_NO_FLUSH_V6("v6 series: the direct map split without flushing"),
    /** SNP-6: the whole direct map pre-split to 4K when SNP is initialised; no adjustment later. */
    PRESPLIT("direct map pre-split to 4K at SNP init");

    public final String title;

    DirectMapStrategy(String title) {
        this.title = title;
    }

    /** The strategies that call adjust_direct_map() before RMPUPDATE. */
    boolean adjusts() {
        return this == ADJUST_DIRECT_MAP || this == ADJUST_DIRECT_MAP_NO_SHORTCUT;
    }

    /** The strategies that unmap a page from the direct map while it is private. */
    boolean invalidates() {
        return this == INVALIDATE_RESTORE_V8 || this == INVALIDATE_RESTORE_FIXED || this == SPLIT_NO_FLUSH_V6;
    }
}
