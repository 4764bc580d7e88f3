package shootdown.model.snp;

/** Frame and page numbers as the kernel prints them. */
final class Hex {
    private Hex() {
    }

    static String of(long value) {
        return "0x" + Long.toHexString(value);
    }
}
