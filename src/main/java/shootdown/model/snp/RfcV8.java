package shootdown.model.snp;

import shootdown.machine.RmpEntry;

/**
 * The RFC v8 design (seed 004): unmap a page from the direct map before it goes private
 * ({@code set_direct_map_invalid_noflush()}), map it again once it is back with the host. Each
 * call is a CPA. Its {@code invalidate_direct_map()} falls through to the cleanup label on
 * success too, so the page goes private while still mapped (SNP-3).
 */
public class RfcV8 extends SvmSev {
    @Override
    protected int rmpupdate(long pfn, RmpEntry state) {
        int npages = (int) state.pagesize().pages;
        // If the page is getting assigned, unmap it from the direct map.
        if (state.assigned() && invalidate_direct_map(pfn, npages) != 0) return -EFAULT;
        int ret = rmpupdate_retried(pfn, state);
        if (ret != 0) return ret;
        // ...and map it again once it is back with the host.
        if (!state.assigned()) restore_direct_map(pfn, npages);
        return 0;
    }

    protected int invalidate_direct_map(long pfn, int npages) {
        int ret = 0;
        int i;
        for (i = 0; i < npages; i++) {
            ret = set_direct_map_invalid_noflush(pfn + i);
            if (ret != 0) break;
        }
        // RFC v8 falls through to its cleanup label on success too: with i == npages it maps
        // every page again.
        restore_direct_map(pfn, i);
        return ret;
    }

    protected int restore_direct_map(long pfn, int npages) {
        for (int i = 0; i < npages; i++) set_memory.set_direct_map_default_noflush(pfn + i);
        return 0;
    }

    protected int set_direct_map_invalid_noflush(long addr) {
        set_memory.set_direct_map_invalid_noflush(addr);
        return 0;
    }
}
