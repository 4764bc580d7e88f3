package shootdown.model.snp;

import shootdown.machine.PageSize;

/**
 * Seed 000's alternative: split the whole direct map to 4K through CPA when SNP is initialised,
 * before any guest runs, and never adjust it again. Its flushes leave every TLB with 4K entries.
 */
public class Presplit extends SvmSev {
    @Override
    protected void snp_rmptable_init() {
        for (long page = 0; page < 2 * PageSize.SIZE_2M.pages; page += PageSize.SIZE_2M.pages) {
            if (cpu.lookup_address(page).level() != PageSize.SIZE_4K) set_memory.set_memory_4k(page);
        }
    }

    @Override
    protected int adjust_direct_map(long pfn, PageSize rmp_level) {
        return 0;
    }
}
