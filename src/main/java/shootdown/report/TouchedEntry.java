package shootdown.report;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page-table entry (or SPTE, or RMP entry) a step read or wrote, as its action text says.
 *
 * @param entry  e.g. "pte@table#2[1]", "sp#3[0]", "RMP[0x0]"
 * @param before the value before a write, or "" when unknown
 * @param after  the value written, or the value read
 */
record TouchedEntry(boolean write, String entry, String before, String after) {

    private record Shape(Pattern pattern, Function<Matcher, TouchedEntry> read) {
    }

    private static final List<Shape> SHAPES = List.of(
            // set_pte_atomic(pte@table#2[1], 4K pfn 0x1 RO NX) was 4K pfn 0x1 RW NX; __set_pmd_pte(...) alike
            shape("^\\w+\\((\\w+@table#\\d+\\[\\d+]), (.*)\\) was (.*)$",
                    m -> write(m.group(1), m.group(3), m.group(2))),
            shape("^lookup_address\\((0x[0-9a-f]+)\\) = (.*)$", m -> read("walk of " + m.group(1), m.group(2))),
            shape("^fill (table#\\d+) with (.*)$", m -> write(m.group(1), "", m.group(2))),
            shape("^WRITE_ONCE\\((sp#\\d+\\[\\d+]), (.*)\\); was (.*)$",
                    m -> write(m.group(1), m.group(3), m.group(2))),
            shape("^cmpxchg (sp#\\d+\\[\\d+]): (.*) => (.*)$", m -> write(m.group(1), m.group(2), m.group(3))),
            shape("^(sp#\\d+\\[\\d+]) = (.*)$", m -> write(m.group(1), "", m.group(2))),
            shape("^(sp#\\d+\\[\\d+]) (-> sp#\\d+);", m -> write(m.group(1), "", m.group(2))),
            shape("^\\*sptep: (sp#\\d+\\[\\d+]) (.*)$", m -> read(m.group(1), m.group(2))),
            shape("^iter\\.old_spte = (sp#\\d+\\[\\d+]) (.*)$", m -> read(m.group(1), m.group(2))),
            shape("^RMPUPDATE\\((0x[0-9a-f]+)\\) completes: RMP entry now (.*)$",
                    m -> write("RMP[" + m.group(1) + "]", "", m.group(2))));

    static Optional<TouchedEntry> from(String action) {
        for (Shape shape : SHAPES) {
            Matcher m = shape.pattern.matcher(action);
            if (m.find()) return Optional.of(shape.read.apply(m));
        }
        return Optional.empty();
    }

    String verb() {
        return write ? "writes" : "reads";
    }

    boolean hasBefore() {
        return !before.isEmpty();
    }

    private static Shape shape(String regex, Function<Matcher, TouchedEntry> read) {
        return new Shape(Pattern.compile(regex), read);
    }

    private static TouchedEntry write(String entry, String before, String after) {
        return new TouchedEntry(true, entry, before, after);
    }

    private static TouchedEntry read(String entry, String value) {
        return new TouchedEntry(false, entry, "", value);
    }
}
