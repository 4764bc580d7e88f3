package shootdown.model.snp;

/**
 * Seed 001's 2M RMP entries without its alignment test: a gfn that is not 2M-aligned may get a
 * 2M entry, at its own frame, which RMPUPDATE rejects, and the guest faults again and again
 * (SNP-7). Mainline asks for the entry at the aligned frame instead (SNP-7m).
 */
public class NoAlignCheck extends Seed001Prepare {
    @Override
    protected boolean can_install_large_rmp_entry(long gfn, int order) {
        if (order == 0) return false;
        if (gfn + (1L << order) > GmemBinding.SLOT_END) return false;
        return true;
    }
}
