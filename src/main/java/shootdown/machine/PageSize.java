package shootdown.machine;

/** The three x86-64 leaf sizes of the direct map, measured in 4K pages. */
public enum PageSize {
    SIZE_4K(1, "4K"),
    SIZE_2M(512, "2M"),
    SIZE_1G(512 * 512, "1G");

    /** Entries per page-table page, at every level (PTRS_PER_PTE, PTRS_PER_PMD). */
    public static final int PTRS_PER_TABLE = 512;

    public final long pages;
    public final String label;

    PageSize(long pages, String label) {
        this.pages = pages;
        this.label = label;
    }

    /** First page of the leaf of this size that covers {@code page}. */
    public long alignDown(long page) {
        return page - Math.floorMod(page, pages);
    }

    /** The size of the entries one level below (what a split of this size produces). */
    public PageSize smaller() {
        if (this == SIZE_4K) throw new IllegalStateException("a 4K page cannot be split");
        return values()[ordinal() - 1];
    }

    public boolean isLarge() {
        return this != SIZE_4K;
    }

    @Override
    public String toString() {
        return label;
    }
}
