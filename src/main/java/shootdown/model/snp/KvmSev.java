package shootdown.model.snp;

import shootdown.machine.Hex;
import java.util.List;
import shootdown.machine.Hazard;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.model.KernelCode;

/**
 * arch/x86/kvm/svm/sev.c, the guest-fault side, on one vCPU, as mainline has it (merged for
 * v6.11 with 4f2e7aa1cfdf "KVM: SEV: Implement gmem hook for initializing private pages" and
 * c63cf135cc99 "KVM: SEV: Add support to handle RMP nested page faults"; unchanged since): the
 * guest's access to a private gfn, the #NPF exits it takes, {@code kvm_gmem_get_pfn()} preparing
 * the gfn's folio with {@code sev_gmem_prepare()}, and {@code sev_handle_rmp_fault()} with
 * {@code snp_rmptable_psmash()}. Seed 001's version is {@link Seed001Prepare}.
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
    static final int EINVAL = 22;
    static final int ENOENT = 2;

    protected SvmSev sev;
    /** The guest_memfd this vCPU's VM is bound to (set when the machine boots). */
    protected GmemBinding gmem = GmemBinding.HUGE_FOLIOS;

    @Override
    protected void boot() {
        sev = kernel(SvmSev.class);
    }

    final void bindGmem(GmemBinding binding) {
        gmem = binding;
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
            // kvm_mmu_page_fault() -> kvm_mmu_faultin_pfn(), before mmu_lock is taken.
            kvm_gmem_get_pfn(gfn);
            return;
        }
        sev_handle_rmp_fault(gfn);
    }

    // ---- virt/kvm/guest_memfd.c ----

    /**
     * {@code kvm_gmem_get_pfn()}: the folio holding the gfn, locked while
     * {@code kvm_gmem_prepare_folio()} prepares it from its first index (every call prepares:
     * the hook must be idempotent); returns the gfn's frame.
     */
    protected long kvm_gmem_get_pfn(long gfn) {
        long folio_gfn = gmem.folioStart(gfn);
        folio_lock(folio_gfn);
        sev_gmem_prepare(GmemBinding.pfn(folio_gfn), folio_gfn, gmem.folioOrder());
        folio_unlock(folio_gfn);
        return GmemBinding.pfn(gfn);
    }

    /** {@code folio_lock()}: waits while another CPU holds the folio. */
    protected final void folio_lock(long folio) {
        int me = cpu.id();
        cpu.stepWhen(core -> !core.device(GuestMemfd.class).isLocked(folio), core -> {
            core.device(GuestMemfd.class).lock(folio, me);
            return null;
        }, r -> "folio_lock(folio " + Hex.of(folio) + ")");
    }

    protected final void folio_unlock(long folio) {
        int me = cpu.id();
        cpu.step(core -> {
            core.device(GuestMemfd.class).unlock(folio, me);
            return null;
        }, r -> "folio_unlock(folio " + Hex.of(folio) + ")");
    }

    // ---- arch/x86/kvm/svm/sev.c ----

    /**
     * Makes the folio private: one 2M RMP entry over the 2M-aligned range if the folio is that
     * large and the range is still shared, else a 4K entry. Called with the folio's first pfn
     * and gfn, so {@code ALIGN_DOWN()} changes nothing when the folio is 2M; nothing checks the
     * gfn's alignment or that the 2M GPA range lies in one memslot (guest_memfd's alignment of
     * folios and slots is what keeps it right).
     */
    protected int sev_gmem_prepare(long pfn, long gfn, int max_order) {
        Rmp.Lookup e = sev.snp_lookup_rmpentry(pfn);
        if (e.assigned()) return 0; // "already assigned": level, ASID and GPA are not checked

        PageSize level = PageSize.SIZE_4K;
        long pfn_aligned = pfn;
        long gfn_aligned = gfn;
        if (is_large_rmp_possible(pfn, max_order)) {
            level = PageSize.SIZE_2M;
            pfn_aligned = PageSize.SIZE_2M.alignDown(pfn);
            gfn_aligned = PageSize.SIZE_2M.alignDown(gfn);
        }
        int rc = sev.rmp_make_private(pfn_aligned, gfn_aligned, level, GmemBinding.ASID); // gfn_to_gpa(gfn_aligned)
        if (rc != 0) {
            String msg = "SEV: Failed to update RMP entry: GFN " + Hex.of(gfn_aligned) + " PFN " + Hex.of(pfn_aligned)
                    + " level " + level + " error " + rc;
            cpu.step(core -> rc, r -> "pr_err_ratelimited(\"" + msg + "\")");
            return -EINVAL;
        }
        return 0;
    }

    /** A folio of 2M or more, and every frame of its 2M-aligned range still shared. */
    protected boolean is_large_rmp_possible(long pfn, int order) {
        long pfn_aligned = PageSize.SIZE_2M.alignDown(pfn);
        return max_level_for_order(order) > 1 && is_pfn_range_shared(pfn_aligned, pfn_aligned + PageSize.SIZE_2M.pages);
    }

    /** 2 (PG_LEVEL_2M) for an order of 9 or more, else 1 (PG_LEVEL_4K). */
    protected static int max_level_for_order(int order) {
        return order >= 9 ? 2 : 1;
    }

    /** One lookup per frame of {@code [start, end)} in the kernel: one step here, as the model's RMP reads are. */
    protected final boolean is_pfn_range_shared(long start, long end) {
        return cpu.step(core -> !core.device(Rmp.class).anyAssigned(start, end - start),
                s -> "is_pfn_range_shared(" + Hex.of(start) + ", +" + (end - start) + ") = " + s);
    }

    /**
     * The #NPF carried PFERR_GUEST_RMP: split a 2M RMP entry the 4K NPT mapping does not match.
     * SIZEM itself is not tested: an RMP entry already at 4K is taken for a spurious fault.
     */
    protected void sev_handle_rmp_fault(long gfn) {
        long pfn = kvm_gmem_get_pfn(gfn);
        Rmp.Lookup e = sev.snp_lookup_rmpentry(pfn);
        if (!e.assigned()) return; // "Unexpected RMP fault, no assigned RMP entry found"

        // Already 4K: a spurious fault, e.g. while another vCPU's PSMASH of the range was in
        // progress; it resolves on the next access.
        if (e.level() == PageSize.SIZE_4K) return;

        int ret = snp_rmptable_psmash(pfn);
        if (ret != 0) {
            // Look it up again. If it's 4K now then the PSMASH may have raced with another
            // process and the issue has already resolved itself.
            Rmp.Lookup again = sev.snp_lookup_rmpentry(pfn);
            if (again.assigned() && again.level() == PageSize.SIZE_4K) return;
            // "Unable to split RMP entry": the access will fault again.
        }
        // kvm_zap_gfn_range(gfn, gfn + PTRS_PER_PMD): the NPT is 4K already here, so the re-fault
        // maps it the same way.
    }

    /**
     * {@code snp_rmptable_psmash()}: PSMASH the 2M range, again while it returns FAIL_INUSE (an
     * RMPUPDATE in that range is in flight). The kernel spins; here the retry waits until the
     * range is free, as {@link SvmSev#rmpupdate_retried} does for FAIL_OVERLAP: spins that would
     * fail again change nothing. An update in flight always completes, so the wait ends.
     */
    protected int snp_rmptable_psmash(long pfn) {
        long aligned = PageSize.SIZE_2M.alignDown(pfn);
        int ret = sev.psmash(aligned);
        while (ret == Rmp.FAIL_INUSE) ret = sev.psmash_when_idle(aligned);
        return ret;
    }
}
