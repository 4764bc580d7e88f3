package shootdown.model.mmu;

/**
 * One shadow/TDP page-table entry: not present, a non-leaf entry pointing at a child shadow
 * page, a leaf mapping a guest frame (direct MMU: pfn follows gfn), or the TDP MMU's
 * {@code FROZEN_SPTE}: a not-present value that no other thread overwrites (a compare-exchange
 * never expects it), left in every entry of a page table being removed. A value, compared and
 * exchanged whole, as {@code try_cmpxchg64()} does.
 */
public record Spte(Kind kind, int child, long gfn) {
    public enum Kind { NOT_PRESENT, NONLEAF, LEAF, FROZEN }

    static final Spte NOT_PRESENT = new Spte(Kind.NOT_PRESENT, -1, -1);
    /** {@code FROZEN_SPTE} (named {@code REMOVED_SPTE} until 2024). */
    static final Spte FROZEN = new Spte(Kind.FROZEN, -1, -1);

    /** {@code make_nonleaf_spte(sp->spt, ...)}. */
    public static Spte nonleaf(int child) {
        return new Spte(Kind.NONLEAF, child, -1);
    }

    /** {@code make_spte()} for a huge or 4K leaf. */
    public static Spte leaf(long gfn) {
        return new Spte(Kind.LEAF, -1, gfn);
    }

    public boolean is_shadow_present_pte() {
        return kind == Kind.NONLEAF || kind == Kind.LEAF;
    }

    public boolean is_frozen_spte() {
        return kind == Kind.FROZEN;
    }

    public boolean isNonleaf() {
        return kind == Kind.NONLEAF;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NOT_PRESENT -> "not present";
            case NONLEAF -> "-> sp#" + child;
            case LEAF -> "leaf gfn 0x" + Long.toHexString(gfn);
            case FROZEN -> "FROZEN_SPTE";
        };
    }
}
