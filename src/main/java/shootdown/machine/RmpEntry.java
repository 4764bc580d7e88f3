package shootdown.machine;

/**
 * One RMP entry, as RMPUPDATE writes it ({@code struct rmp_state}): whether the frame is
 * assigned (guest-owned), the owner ASID, the guest physical page it is assigned at, and the
 * page size. A 2M entry sits at the 2M-aligned frame and speaks for the whole 2M range.
 */
public record RmpEntry(boolean assigned, int asid, long gpa, PageSize pagesize) {

    /** Hypervisor-owned: the state of every frame at boot. */
    public static final RmpEntry SHARED = new RmpEntry(false, 0, 0, PageSize.SIZE_4K);

    /** {@code rmp_make_private()}'s state. */
    public static RmpEntry privateTo(int asid, long gpa, PageSize pagesize) {
        return new RmpEntry(true, asid, gpa, pagesize);
    }

    /** {@code rmp_make_shared()}'s state. */
    public static RmpEntry shared(PageSize pagesize) {
        return new RmpEntry(false, 0, 0, pagesize);
    }

    @Override
    public String toString() {
        if (!assigned) return "shared " + pagesize;
        return "assigned " + pagesize + " ASID " + asid + " gpa " + Hex.of(gpa);
    }
}
