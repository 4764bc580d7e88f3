package shootdown.machine;

/**
 * The value of one page-table entry at any level: empty, a leaf mapping {@code size} pages
 * starting at {@code frame}, or a pointer to the next-level table {@code table}. A leaf may
 * carry the software bit {@code _PAGE_KERNEL_4K} ({@code kernel4k}: "this 4K page is 4K on
 * purpose", set by {@code set_memory_4k()} since 41d88484c71c), which the hardware ignores:
 * TLB entries do not hold it.
 */
public record Pte(Kind kind, PageSize size, long frame, Prot prot, int table, boolean kernel4k) implements Fingerprinted {

    public enum Kind { NONE, LEAF, TABLE }

    public static final Pte NONE = new Pte(Kind.NONE, null, 0, null, 0, false);

    public static Pte leaf(PageSize size, long frame, Prot prot) {
        return new Pte(Kind.LEAF, size, frame, prot, 0, false);
    }

    public static Pte table(int tableId) {
        return new Pte(Kind.TABLE, null, 0, null, tableId, false);
    }

    @Override
    public void fingerprint(Fingerprint out) {
        out.add(kind.ordinal());
        out.add(size == null ? -1 : size.ordinal());
        out.add(frame);
        out.add(prot == null ? -1 : prot.bits());
        out.add(table);
        out.add(kernel4k ? 1 : 0);
    }

    public boolean isLeaf() { return kind == Kind.LEAF; }
    public boolean isTable() { return kind == Kind.TABLE; }
    public boolean isLarge() { return isLeaf() && size.isLarge(); }

    /** The frame this leaf maps for {@code page}, which it must cover. */
    public long frameFor(long page) {
        return frame + Math.floorMod(page, size.pages);
    }

    /** The 512 entries one level down that map exactly what this large leaf maps. */
    public Pte[] split() {
        PageSize smaller = size.smaller();
        Pte[] entries = new Pte[PageSize.PTRS_PER_TABLE];
        for (int i = 0; i < entries.length; i++) entries[i] = leaf(smaller, frame + i * smaller.pages, prot);
        return entries;
    }

    public Pte withProt(Prot newProt) {
        return new Pte(kind, size, frame, newProt, table, kernel4k);
    }

    /** The same leaf with {@code _PAGE_KERNEL_4K} set or clear. */
    public Pte withKernel4k(boolean value) {
        return new Pte(kind, size, frame, prot, table, value);
    }

    /** {@code pte_flags(a) == pte_flags(b)}: the attributes and the software bits, frames aside. */
    public boolean sameFlags(Pte other) {
        return isLeaf() && other.isLeaf() && prot.equals(other.prot) && kernel4k == other.kernel4k;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case LEAF -> size + " pfn " + Hex.of(frame) + " " + prot + (kernel4k ? " KERNEL_4K" : "");
            case TABLE -> "table#" + table;
        };
    }
}
