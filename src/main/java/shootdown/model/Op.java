package shootdown.model;

/** One operation of a scenario: a kernel entry point and the page it works on. */
public record Op(String name, long page) {
    @Override
    public String toString() {
        return name + "(0x" + Long.toHexString(page) + ")";
    }
}
