package shootdown.model.snp;

/**
 * The guest's private memory as KVM sees it: one memslot bound to a guest_memfd, gfn
 * {@code [SLOT_START, SLOT_END)} backed by frames {@code gfn + 0} (offsets and gfns equally
 * aligned, the case seed 001 says holds in practice), in 2M folios (THP) at 2M-aligned frames.
 * Immutable: every CPU may read it.
 */
final class GmemBinding {
    static final int ASID = 1;
    static final long SLOT_START = 0x200;
    static final long SLOT_END = 0x600;
    static final int FOLIO_ORDER = 9;

    private GmemBinding() {
    }

    static boolean inSlot(long gfn) {
        return gfn >= SLOT_START && gfn < SLOT_END;
    }

    /** {@code kvm_gmem_get_pfn()}: the frame backing the gfn. */
    static long pfn(long gfn) {
        if (!inSlot(gfn)) throw new IllegalArgumentException("gfn " + Hex.of(gfn) + " is not in the guest's memslot");
        return gfn;
    }

    /** The order of the folio holding the frame: every folio here is a 2M THP. */
    static int order(long pfn) {
        return FOLIO_ORDER;
    }
}
