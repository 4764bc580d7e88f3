package shootdown.machine;

import java.util.List;
import java.util.stream.Collectors;

/** Frame numbers, pages and gfns as the kernel's messages print them: {@code 0x200}. */
public final class Hex {
    private Hex() {
    }

    public static String of(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** A list of them: {@code [0x200, 0x201]}. */
    public static String of(List<Long> values) {
        return values.stream().map(Hex::of).collect(Collectors.joining(", ", "[", "]"));
    }
}
