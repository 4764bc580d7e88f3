package shootdown.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A machine step's text as a reader wants it in a trace: the machine writes what it did
 * tersely, in its own words (MachineCore); a few of those read wrongly or at length, and are
 * said again here. If the machine's wording changes, the text is shown as the machine wrote it.
 */
final class StepText {
    /** "fill table#2 with 512 x 4K pfn 0x0 RW NX": the first of the entries, as the machine prints it. */
    private static final Pattern FILL =
            Pattern.compile("^fill table#(\\d+) with (\\d+) x (4K|2M|1G) pfn 0x([0-9a-f]+) (.+)$");
    /** "lookup_address(0x0) = 2M pfn 0x0 RW NX at 2M level": the level says again what the size says. */
    private static final Pattern LOOKUP_AT_OWN_LEVEL =
            Pattern.compile("^(lookup_address\\(0x[0-9a-f]+\\) = (4K|2M|1G) pfn .+) at \\2 level$");

    private StepText() {
    }

    static String readable(String action) {
        Matcher fill = FILL.matcher(action);
        if (fill.matches()) return fill(fill);
        Matcher lookup = LOOKUP_AT_OWN_LEVEL.matcher(action);
        if (lookup.matches()) return lookup.group(1);
        return action;
    }

    /** The table maps a range: entry i maps the frames after entry i-1's, with the same protections. */
    private static String fill(Matcher m) {
        long entries = Long.parseLong(m.group(2));
        long pagesPerEntry = switch (m.group(3)) {
            case "4K" -> 1;
            case "2M" -> 512;
            default -> 512L * 512;
        };
        long first = Long.parseLong(m.group(4), 16);
        long last = first + entries * pagesPerEntry - 1;
        return String.format(Locale.ROOT, "fill table#%s: %d x %s entries, pfn 0x%x-0x%x %s", m.group(1), entries,
                m.group(3), first, last, m.group(5));
    }
}
