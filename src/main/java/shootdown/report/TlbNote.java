package shootdown.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of a step's TLB notes, e.g. {@code CPU1 TLB[0x1]: [2M@0x0->0x0 RW NX, 4K@0x1->0x1 RO NX]}:
 * what that CPU may hold for the page. A note of another shape is kept whole as its label.
 */
record TlbNote(int cpu, String label, List<String> entries) {
    private static final Pattern SHAPE = Pattern.compile("^CPU(\\d+) (.*?): \\[(.*)]$");

    static TlbNote parse(String note, int defaultCpu) {
        Matcher m = SHAPE.matcher(note.trim());
        if (!m.matches()) return new TlbNote(defaultCpu, note, List.of());
        List<String> entries = new ArrayList<>();
        for (String entry : m.group(3).split(",")) if (!entry.isBlank()) entries.add(entry.trim());
        return new TlbNote(Integer.parseInt(m.group(1)), m.group(2), List.copyOf(entries));
    }

    /** Identifies "the same TLB" across steps: one CPU, one page. */
    String key() {
        return cpu + "|" + label;
    }
}
