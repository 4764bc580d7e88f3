package shootdown.machine;

/** One cached translation: {@code size} pages from virtual page {@code base} to {@code frame}. */
public record TlbEntry(long base, PageSize size, long frame, Prot prot) implements Fingerprinted {

    static TlbEntry of(long page, Pte leaf) {
        long base = leaf.size().alignDown(page);
        return new TlbEntry(base, leaf.size(), leaf.frame(), leaf.prot());
    }

    @Override
    public void fingerprint(Fingerprint out) {
        out.add(base);
        out.add(size.ordinal());
        out.add(frame);
        out.add(prot.bits());
    }

    public boolean covers(long page) {
        return page >= base && page < base + size.pages;
    }

    public long frameFor(long page) {
        return frame + (page - base);
    }

    /** SDM 4.10.2: two translations of one 4K page that differ in frame or attributes. */
    public boolean conflictsWith(TlbEntry other, long page) {
        return size != other.size
                && (frameFor(page) != other.frameFor(page) || !prot.equals(other.prot));
    }

    @Override
    public String toString() {
        return size + "@" + Hex.of(base) + "->" + Hex.of(frame) + " " + prot;
    }
}
