package shootdown.machine;

import java.util.Arrays;

/** One page-table page: 512 entries, each mapping {@code entrySize} or pointing one level down. */
final class PageTablePage {
    final int id;
    final PageSize entrySize;
    /** Read freely; written only through {@link #set} and {@link #fill}, which drop the cached encoding. */
    final Pte[] entries;
    private String encoded;
    /** The hashes of {@link #encoded}, for fingerprints. */
    private long[] hashes;

    PageTablePage(int id, PageSize entrySize) {
        this(id, entrySize, new Pte[PageSize.PTRS_PER_TABLE]);
        Arrays.fill(entries, Pte.NONE);
    }

    private PageTablePage(int id, PageSize entrySize, Pte[] entries) {
        this.id = id;
        this.entrySize = entrySize;
        this.entries = entries;
    }

    PageTablePage copy() {
        PageTablePage out = new PageTablePage(id, entrySize, entries.clone());
        out.encoded = encoded;
        out.hashes = hashes;
        return out;
    }

    void set(int index, Pte value) {
        entries[index] = value;
        encoded = null;
        hashes = null;
    }

    void fill(Pte[] values) {
        System.arraycopy(values, 0, entries, 0, values.length);
        encoded = null;
        hashes = null;
    }

    /** Index of the entry covering {@code page} in a table at this level. */
    int indexOf(long page) {
        return (int) Math.floorMod(page / entrySize.pages, (long) PageSize.PTRS_PER_TABLE);
    }

    /**
     * Appends a canonical form: runs of entries that continue each other
     * (a freshly split table is one run) collapse to one item.
     */
    void encode(StringBuilder out) {
        out.append(encoded());
    }

    void fingerprint(Fingerprint out) {
        if (hashes == null) hashes = Fingerprint.hashes(encoded());
        out.add(hashes);
    }

    private String encoded() {
        if (encoded == null) {
            StringBuilder text = new StringBuilder();
            encodeInto(text);
            encoded = text.toString();
        }
        return encoded;
    }

    private void encodeInto(StringBuilder out) {
        out.append('#').append(id).append(entrySize).append('{');
        int i = 0;
        while (i < entries.length) {
            int j = i + 1;
            while (j < entries.length && continues(entries[j - 1], entries[j])) j++;
            out.append(i).append(':').append(entries[i]);
            if (j - i > 1) out.append('*').append(j - i);
            out.append(';');
            i = j;
        }
        out.append('}');
    }

    /** Whether {@code next}, the entry after {@code previous}, continues it (see {@link PteRun}). */
    static boolean continues(Pte previous, Pte next) {
        if (previous.kind() != next.kind()) return false;
        return switch (previous.kind()) {
            case NONE -> true;
            case TABLE -> false;
            case LEAF -> previous.size() == next.size() && previous.sameFlags(next)
                    && next.frame() == previous.frame() + previous.size().pages;
        };
    }
}
