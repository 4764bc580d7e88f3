package shootdown.machine;

/** What {@code lookup_address()} returns: the entry that maps the page, its value, and its level. */
public record Lookup(PteRef kpte, Pte value) implements Fingerprinted {
    @Override
    public void fingerprint(Fingerprint out) {
        kpte.fingerprint(out);
        value.fingerprint(out);
    }

    public PageSize level() { return kpte.level(); }

    @Override
    public String toString() {
        return kpte + " = " + value;
    }
}
