package shootdown.machine;

/**
 * A pointer to one entry: the {@code pte_t *} or {@code pmd_t *} that {@code lookup_address()}
 * returns. Equal refs name the same slot of the same page-table page.
 */
public record PteRef(int table, int index, PageSize level) implements Fingerprinted {
    @Override
    public void fingerprint(Fingerprint out) {
        out.add(table);
        out.add(index);
        out.add(level.ordinal());
    }

    @Override
    public String toString() {
        String name = switch (level) {
            case SIZE_4K -> "pte";
            case SIZE_2M -> "pmd";
            case SIZE_1G -> "pud";
        };
        return name + "@table#" + table + "[" + index + "]";
    }
}
