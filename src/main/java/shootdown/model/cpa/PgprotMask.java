package shootdown.model.cpa;

import shootdown.machine.Prot;
import shootdown.machine.Pte;

/**
 * The {@code mask_set}/{@code mask_clr} pair of a {@code cpa_data}: which attributes to change,
 * and whether to set the software bit {@code _PAGE_KERNEL_4K} ({@code kernel4k}).
 */
public record PgprotMask(String name, Boolean rw, Boolean nx, Boolean present, boolean kernel4k) {

    public static final PgprotMask RO = new PgprotMask("set_memory_ro", false, null, null, false);
    public static final PgprotMask RW = new PgprotMask("set_memory_rw", true, null, null, false);
    public static final PgprotMask NX = new PgprotMask("set_memory_nx", null, true, null, false);
    /** {@code set_memory_rox()}: clear _PAGE_RW and _PAGE_NX (and _PAGE_DIRTY, not modelled). */
    public static final PgprotMask ROX = new PgprotMask("set_memory_rox", false, false, null, false);
    public static final PgprotMask NOT_PRESENT = new PgprotMask("clear _PAGE_PRESENT", null, null, false, false);
    public static final PgprotMask PRESENT = new PgprotMask("set _PAGE_PRESENT", null, null, true, false);
    /** {@code set_memory_4k()}: no attribute, only the software bit that keeps collapse away (41d88484c71c). */
    public static final PgprotMask KERNEL_4K = new PgprotMask("set _PAGE_KERNEL_4K", null, null, null, true);
    public static final PgprotMask NONE = new PgprotMask("no change", null, null, null, false);

    /** {@code pgprot_val(new) &= ~mask_clr; pgprot_val(new) |= mask_set;} */
    public Prot apply(Prot old) {
        Prot result = old;
        if (rw != null) result = result.withRw(rw);
        if (nx != null) result = result.withNx(nx);
        if (present != null) result = result.withPresent(present);
        return result;
    }

    /** The same on a 4K leaf, software bits included. */
    public Pte apply(Pte old) {
        Pte out = old.withProt(apply(old.prot()));
        return kernel4k ? out.withKernel4k(true) : out;
    }
}
