package shootdown.machine;

/**
 * Attributes of a leaf: what {@code pgprot_t} carries and the TLB caches.
 * Two translations "differ with respect to attributes" (Intel SDM 4.10.2) when these differ.
 */
public record Prot(boolean present, boolean rw, boolean nx, CacheMode cache) {

    public enum CacheMode { WB, UC, WC }

    public static final Prot KERNEL_RW = new Prot(true, true, true, CacheMode.WB);
    public static final Prot NOT_PRESENT = new Prot(false, true, true, CacheMode.WB);
    /** Read-only and executable: kernel and module text after {@code set_memory_rox()}. */
    public static final Prot KERNEL_ROX = new Prot(true, false, false, CacheMode.WB);

    public Prot withRw(boolean value) { return new Prot(present, value, nx, cache); }
    public Prot withNx(boolean value) { return new Prot(present, rw, value, cache); }
    public Prot withPresent(boolean value) { return new Prot(value, rw, nx, cache); }

    /** The attributes as bits, for fingerprints: the same in every run (an enum's hashCode() is not). */
    public int bits() {
        return (present ? 1 : 0) | (rw ? 2 : 0) | (nx ? 4 : 0) | (cache.ordinal() << 3);
    }

    @Override
    public String toString() {
        if (!present) return "NP";
        return (rw ? "RW" : "RO") + (nx ? " NX" : " X") + (cache == CacheMode.WB ? "" : " " + cache);
    }
}
