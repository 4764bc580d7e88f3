package shootdown.model.cpa;

import shootdown.machine.Prot;

/** The {@code mask_set}/{@code mask_clr} pair of a {@code cpa_data}: which attributes to change. */
public record PgprotMask(String name, Boolean rw, Boolean nx, Boolean present) {

    public static final PgprotMask RO = new PgprotMask("set_memory_ro", false, null, null);
    public static final PgprotMask RW = new PgprotMask("set_memory_rw", true, null, null);
    public static final PgprotMask NX = new PgprotMask("set_memory_nx", null, true, null);
    public static final PgprotMask NOT_PRESENT = new PgprotMask("clear _PAGE_PRESENT", null, null, false);
    public static final PgprotMask PRESENT = new PgprotMask("set _PAGE_PRESENT", null, null, true);
    public static final PgprotMask NONE = new PgprotMask("no change", null, null, null);

    /** {@code pgprot_val(new) &= ~mask_clr; pgprot_val(new) |= mask_set;} */
    public Prot apply(Prot old) {
        Prot result = old;
        if (rw != null) result = result.withRw(rw);
        if (nx != null) result = result.withNx(nx);
        if (present != null) result = result.withPresent(present);
        return result;
    }
}
