package shootdown.model.snp;

import shootdown.machine.Hex;

/**
 * The guest's private memory as KVM sees it: one memslot bound to a guest_memfd, gfn
 * {@code [SLOT_START, SLOT_END)} backed by frames {@code gfn + 0} (offsets and gfns equally
 * aligned, the case seed 001 says holds in practice), in folios of one order at aligned frames.
 *
 * <p>Mainline guest_memfd hands out order-0 folios only: {@code kvm_gmem_get_folio()} asks the
 * page cache for no order and WARNs on a large folio, and {@code __kvm_gmem_get_pfn()} reports
 * {@code max_order = 0}; so {@code sev_gmem_prepare()} never makes a 2M RMP entry there
 * ({@link #ORDER0_FOLIOS}, layout part {@code gmem-4k}). 2M folios are what seed 001 assumed and
 * what the out-of-tree hugetlb/THP guest_memfd series would hand out ({@link #HUGE_FOLIOS}, the
 * layouts' default). Immutable: every CPU may read it.
 */
final class GmemBinding {
    static final int ASID = 1;
    static final long SLOT_START = 0x200;
    static final long SLOT_END = 0x600;
    static final GmemBinding HUGE_FOLIOS = new GmemBinding(9);
    static final GmemBinding ORDER0_FOLIOS = new GmemBinding(0);

    private final int folioOrder;

    private GmemBinding(int folioOrder) {
        this.folioOrder = folioOrder;
    }

    static boolean inSlot(long gfn) {
        return gfn >= SLOT_START && gfn < SLOT_END;
    }

    /** The frame backing the gfn. */
    static long pfn(long gfn) {
        if (!inSlot(gfn)) throw new IllegalArgumentException("gfn " + Hex.of(gfn) + " is not in the guest's memslot");
        return gfn;
    }

    /** {@code folio_order()} of every folio of the file. */
    int folioOrder() {
        return folioOrder;
    }

    /** The first gfn of the folio holding {@code gfn} ({@code ALIGN_DOWN(index, folio_nr_pages(folio))}). */
    long folioStart(long gfn) {
        return gfn & ~((1L << folioOrder) - 1);
    }

    @Override
    public String toString() {
        return folioOrder == 0 ? "order-0 folios" : "order-" + folioOrder + " folios";
    }
}
