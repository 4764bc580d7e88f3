package shootdown.model.mmu;

/**
 * One shadow/TDP page-table entry: not present, a non-leaf entry pointing at a child shadow
 * page, or a leaf mapping a guest frame (direct MMU: pfn follows gfn). A value, compared and
 * exchanged whole, as {@code try_cmpxchg64()} does.
 */
public record Spte(Kind kind, int child, long gfn) {
    public enum Kind { NOT_PRESENT, NONLEAF, LEAF }

    static final Spte NOT_PRESENT = new Spte(Kind.NOT_PRESENT, -1, -1);

    /** {@code make_nonleaf_spte(sp->spt, ...)}. */
    public static Spte nonleaf(int child) {
        return new Spte(Kind.NONLEAF, child, -1);
    }

    /** {@code make_spte()} for a huge or 4K leaf. */
    public static Spte leaf(long gfn) {
        return new Spte(Kind.LEAF, -1, gfn);
    }

    public boolean is_shadow_present_pte() {
        return kind != Kind.NOT_PRESENT;
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
        };
    }
}
