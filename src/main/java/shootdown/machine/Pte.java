package shootdown.machine;

/**
 * The value of one page-table entry at any level: empty, a leaf mapping {@code size} pages
 * starting at {@code frame}, or a pointer to the next-level table {@code table}.
 */
public record Pte(Kind kind, PageSize size, long frame, Prot prot, int table) implements Fingerprinted {

    public enum Kind { NONE, LEAF, TABLE }

    public static final Pte NONE = new Pte(Kind.NONE, null, 0, null, 0);

    public static Pte leaf(PageSize size, long frame, Prot prot) {
        return new Pte(Kind.LEAF, size, frame, prot, 0);
    }

    public static Pte table(int tableId) {
        return new Pte(Kind.TABLE, null, 0, null, tableId);
    }

    @Override
    public void fingerprint(Fingerprint out) {
        out.add(kind.ordinal());
        out.add(size == null ? -1 : size.ordinal());
        out.add(frame);
        out.add(prot == null ? -1 : prot.bits());
        out.add(table);
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
        return new Pte(kind, size, frame, newProt, table);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case LEAF -> size + " pfn " + hex(frame) + " " + prot;
            case TABLE -> "table#" + table;
        };
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
