package shootdown.model.snp;

/** The RFC v8 design with its cleanup only on the error path: unmapped while private, mapped again once shared. */
public class RfcV8Fixed extends RfcV8 {
    @Override
    protected int invalidate_direct_map(long pfn, int npages) {
        int ret = 0;
        int i;
        for (i = 0; i < npages; i++) {
            ret = set_direct_map_invalid_noflush(pfn + i);
            if (ret != 0) break;
        }
        if (ret != 0) restore_direct_map(pfn, i);
        return ret;
    }
}
