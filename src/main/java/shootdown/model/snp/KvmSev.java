package shootdown.model.snp;

import java.util.List;
import shootdown.machine.Hazard;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.model.KernelCode;

/**
 * arch/x86/kvm/svm/sev.c, the guest-fault side, on one vCPU: the guest's access to a private
 * gfn, the #NPF exits it takes, {@code sev_gmem_prepare()} with the rule for 2M RMP entries,
 * and {@code sev_handle_rmp_fault()} (first named handle_rmp_page_fault()) with PSMASH.
 *
 * <p>The NPT maps every gfn at 4K here (KVM maps at 4K after the 2M folio's mapping was split,
 * seed 001's case), so a 2M RMP entry always meets a 4K NPT entry: the SIZEM fault.
 */
public class KvmSev extends KernelCode {
    /**
     * A guest access that still faults after this many tries is reported as a livelock. A
     * correct design needs at most three tries here: one fault to make the page private, one to
     * PSMASH a 2M entry, then the access. Each fault handler leaves the RMP entry closer to what
     * the access needs (assigned, then 4K), so a fourth fault means the handling changed nothing
     * the access depends on, and the guest would take the same exit forever.
     */
    static final int GUEST_ACCESS_TRIES = 4;

    protected SvmSev sev;

    @Override
    protected void boot() {
        sev = kernel(SvmSev.class);
    }

    /** The vCPU runs the guest until its access to {@code gfn} completes. */
    public void guest_access(long gfn) {
        long pfn = GmemBinding.pfn(gfn);
        Rmp.NestedFault last = Rmp.NestedFault.NONE;
        for (int attempt = 1; attempt <= GUEST_ACCESS_TRIES; attempt++) {
            int tries = attempt;
            Rmp.NestedFault fault = cpu.step(
                    core -> core.device(Rmp.class).check_guest_access(GmemBinding.ASID, gfn, pfn, PageSize.SIZE_4K),
                    f -> "guest access to gfn " + Hex.of(gfn) + " (pfn " + Hex.of(pfn) + ", 4K NPT), try " + tries
                            + ": " + f.text);
            if (fault == Rmp.NestedFault.NONE) return;
            last = fault;
            npf_interception(gfn, fault);
        }
        Rmp.NestedFault stuck = last;
        cpu.stepThenCheck(core -> core.device(Rmp.class).authoritative(pfn),
                e -> "guest access to gfn " + Hex.of(gfn) + " faulted " + GUEST_ACCESS_TRIES + " times; RMP["
                        + Hex.of(pfn) + "] is " + e,
                (core, e) -> {
                    throw core.hazard(Hazard.Kind.LIVELOCK, cpu.id(), cpu.id(),
                            "guest access to gfn " + Hex.of(gfn) + " still faults after " + GUEST_ACCESS_TRIES
                                    + " tries (" + stuck.text + "): handling the fault never changes what the access needs",
                            List.of("RMP[" + Hex.of(pfn) + "]: " + e));
                });
    }

    /** svm.c's npf_interception(): fault the page in, then handle an RMP fault. */
    protected void npf_interception(long gfn, Rmp.NestedFault fault) {
        if (fault == Rmp.NestedFault.NPT_MISS) {
            // kvm_mmu_page_fault() -> kvm_gmem_get_pfn() -> prepare the folio for the guest.
            sev_gmem_prepare(gfn);
            return;
        }
        sev_handle_rmp_fault(gfn);
    }

    /** Makes the frame backing {@code gfn} private, with a 2M RMP entry when one may be installed. */
    protected int sev_gmem_prepare(long gfn) {
        long pfn = GmemBinding.pfn(gfn);
        Rmp.Lookup e = sev.snp_lookup_rmpentry(pfn);
        if (e.assigned()) return 0; // already private

        PageSize level = PageSize.SIZE_4K;
        if (is_large_rmp_possible(gfn, pfn, GmemBinding.order(pfn))) level = PageSize.SIZE_2M;
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
        boolean shared = cpu.step(core -> !core.device(Rmp.class).anyAssigned(pfn_aligned, PageSize.SIZE_2M.pages),
                s -> "is_pfn_range_shared(" + Hex.of(pfn_aligned) + ", +512) = " + s);
        return shared;
    }

    /** Seed 001's check, as Dave Hansen wrote it ({@link NoAlignCheck} leaves out the alignment test). */
    protected boolean can_install_large_rmp_entry(long gfn, int order) {
        // small pages
        if (order == 0) return false;
        // The region being updated must be aligned...
        if (gfn % (1L << order) != 0) return false;
        // ...and fit
        if (gfn + (1L << order) > GmemBinding.SLOT_END) return false;
        return true;
    }

    /** The #NPF carried PFERR_GUEST_RMP: split a 2M RMP entry the 4K NPT mapping does not match. */
    protected void sev_handle_rmp_fault(long gfn) {
        long pfn = GmemBinding.pfn(gfn);
        Rmp.Lookup e = sev.snp_lookup_rmpentry(pfn);
        if (!e.assigned()) return; // "Unexpected RMP fault, no assigned RMP entry found"

        // Already 4K: a spurious fault, e.g. while another vCPU's PSMASH of the range was in
        // progress; it resolves on the next access.
        if (e.level() == PageSize.SIZE_4K) return;

        int ret = sev.psmash(pfn);
        if (ret != 0) {
            // Look it up again. If it's 4K now then the PSMASH may have raced with another
            // process and the issue has already resolved itself.
            Rmp.Lookup again = sev.snp_lookup_rmpentry(pfn);
            if (again.assigned() && again.level() == PageSize.SIZE_4K) return;
            // "Unable to split RMP entry": the access will fault again.
        }
        // kvm_zap_gfn_range(): the NPT is 4K already here, so the re-fault maps it the same way.
    }
}
