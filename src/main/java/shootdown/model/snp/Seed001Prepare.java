package shootdown.model.snp;

import shootdown.machine.Hex;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;

/**
 * Seed 001's guest-fault side, as the model had it before it followed mainline: the prepare hook
 * gets the faulting gfn and its own frame (no folio alignment), allows a 2M RMP entry only
 * through {@code can_install_large_rmp_entry()} (Dave Hansen's alignment and fit check), asks for
 * it at that frame and gpa, and the RMP fault handler issues one PSMASH (no FAIL_INUSE retry) and
 * does not look the folio up again. {@link NoAlignCheck} leaves out the alignment test (SNP-7).
 */
public class Seed001Prepare extends KvmSev {
    @Override
    protected long kvm_gmem_get_pfn(long gfn) {
        long pfn = GmemBinding.pfn(gfn);
        sev_gmem_prepare(pfn, gfn, gmem.folioOrder());
        return pfn;
    }

    /** Makes the frame backing {@code gfn} private, with a 2M RMP entry when one may be installed. */
    @Override
    protected int sev_gmem_prepare(long pfn, long gfn, int order) {
        Rmp.Lookup e = sev.snp_lookup_rmpentry(pfn);
        if (e.assigned()) return 0; // already private

        PageSize level = PageSize.SIZE_4K;
        if (is_large_rmp_possible(gfn, pfn, order)) level = PageSize.SIZE_2M;
        // Seed 001's call: the gfn's own frame and gpa, at the level chosen.
        int rc = sev.rmp_make_private(pfn, gfn, level, GmemBinding.ASID);
        if (rc != 0) {
            String msg = "SEV: Failed to update RMP entry: GFN " + Hex.of(gfn) + " PFN " + Hex.of(pfn) + " level "
                    + level + " error " + rc;
            cpu.step(core -> rc, r -> "pr_err_ratelimited(\"" + msg + "\")");
        }
        return rc;
    }

    /** One 2M folio, the range aligned and inside the slot, and the whole 2M range still shared. */
    protected boolean is_large_rmp_possible(long gfn, long pfn, int order) {
        if (!can_install_large_rmp_entry(gfn, order)) return false;
        long pfn_aligned = PageSize.SIZE_2M.alignDown(pfn);
        return is_pfn_range_shared(pfn_aligned, pfn_aligned + PageSize.SIZE_2M.pages);
    }

    /** Seed 001's check, as Dave Hansen wrote it. */
    protected boolean can_install_large_rmp_entry(long gfn, int order) {
        // small pages
        if (order == 0) return false;
        // The region being updated must be aligned...
        if (gfn % (1L << order) != 0) return false;
        // ...and fit
        if (gfn + (1L << order) > GmemBinding.SLOT_END) return false;
        return true;
    }

    /** The handler the model had: the RMP entry looked up, one PSMASH, a re-lookup if it failed. */
    @Override
    protected void sev_handle_rmp_fault(long gfn) {
        long pfn = GmemBinding.pfn(gfn);
        Rmp.Lookup e = sev.snp_lookup_rmpentry(pfn);
        if (!e.assigned()) return; // "Unexpected RMP fault, no assigned RMP entry found"
        if (e.level() == PageSize.SIZE_4K) return;

        int ret = sev.psmash(pfn);
        if (ret != 0) {
            Rmp.Lookup again = sev.snp_lookup_rmpentry(pfn);
            if (again.assigned() && again.level() == PageSize.SIZE_4K) return;
        }
    }
}
