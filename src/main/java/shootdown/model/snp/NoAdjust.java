package shootdown.model.snp;

import shootdown.machine.PageSize;

/** RMPUPDATE alone: the direct map keeps its 2M leaves over a private 4K frame (seed 000's hazard). */
public class NoAdjust extends SvmSev {
    @Override
    protected int adjust_direct_map(long pfn, PageSize rmp_level) {
        return 0;
    }
}
