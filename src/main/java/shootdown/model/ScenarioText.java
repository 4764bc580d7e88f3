package shootdown.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenarios as one line of text, {@code CPU0: set_memory_ro(0x0) | CPU1: set_memory_ro(0x1), touch(0x1)},
 * the form {@link Scenario#describeOps()} prints; parsed back for replays.
 */
public final class ScenarioText {
    private static final Pattern OP = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\((0x[0-9a-fA-F]+|\\d+)\\)\\s*");

    private ScenarioText() {
    }

    public static List<List<Op>> parseOps(String text) {
        List<List<Op>> perCpu = new ArrayList<>();
        for (String cpuPart : text.split("\\|")) {
            String body = cpuPart.trim();
            int colon = body.indexOf(':');
            if (!body.startsWith("CPU") || colon < 0) {
                throw new IllegalArgumentException("expected 'CPUn: op(page), ...' but found '" + body + "'");
            }
            List<Op> ops = new ArrayList<>();
            String list = body.substring(colon + 1).trim();
            if (!list.isEmpty()) {
                for (String op : list.split(",")) ops.add(parseOp(op));
            }
            perCpu.add(List.copyOf(ops));
        }
        return List.copyOf(perCpu);
    }

    /** A list of operations, e.g. an alphabet: {@code set_memory_ro(0x0), set_memory_4k(0x0), touch(0x1)}. */
    public static List<Op> parseList(String text) {
        List<Op> ops = new ArrayList<>();
        for (String op : text.split(",")) if (!op.isBlank()) ops.add(parseOp(op));
        if (ops.isEmpty()) throw new IllegalArgumentException("expected 'name(0xpage), ...' but found '" + text + "'");
        return List.copyOf(ops);
    }

    static Op parseOp(String text) {
        Matcher m = OP.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("expected 'name(0xpage)' but found '" + text.trim() + "'");
        String page = m.group(2);
        long value = page.startsWith("0x") ? Long.parseLong(page.substring(2), 16) : Long.parseLong(page);
        return new Op(m.group(1), value);
    }
}
