package shootdown.machine;

import java.util.Arrays;

/** One page-table page: 512 entries, each mapping {@code entrySize} or pointing one level down. */
final class PageTablePage {
    final int id;
    final PageSize entrySize;
    final Pte[] entries = new Pte[PageSize.PTRS_PER_TABLE];

    PageTablePage(int id, PageSize entrySize) {
        this.id = id;
        this.entrySize = entrySize;
        Arrays.fill(entries, Pte.NONE);
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

    private static boolean continues(Pte previous, Pte next) {
        if (previous.kind() != next.kind()) return false;
        return switch (previous.kind()) {
            case NONE -> true;
            case TABLE -> false;
            case LEAF -> previous.size() == next.size() && previous.prot().equals(next.prot())
                    && next.frame() == previous.frame() + previous.size().pages;
        };
    }
}
