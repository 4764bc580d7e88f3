package shootdown.model.snp;

import shootdown.machine.PageSize;

/**
 * Not in any kernel: {@code adjust_direct_map()} without its lockless shortcut, calling
 * set_memory_4k() for every 4K transition so that CPA's lookup, under cpa_lock, waits for a split
 * whose flush is still in flight. What closes the SNP-2-fastpath race, at one cpa_lock
 * acquisition per conversion.
 */
public class NoShortcut extends SvmSev {
    @Override
    protected int adjust_direct_map(long pfn, PageSize rmp_level) {
        if (rmp_level == PageSize.SIZE_2M && PageSize.SIZE_2M.alignDown(pfn) != pfn) return -EINVAL;
        if (rmp_level == PageSize.SIZE_2M) return 0;
        set_memory.set_memory_4k(pfn);
        return 0;
    }
}
