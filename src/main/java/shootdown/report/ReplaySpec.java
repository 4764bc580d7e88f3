package shootdown.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shootdown.campaign.Models;
import shootdown.machine.FlushMethod;
import shootdown.model.Model;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.VariantFile;

/**
 * The lines of a trace file that say exactly what ran, so {@code shootdown replay} can run it
 * again: the schedule, model, variant (and, for a user's variant, its file and the variant it was
 * loaded over), boot layout, how the machine flushes and each CPU's operations. Each is a
 * {@code key: value} line; a value too long for the trace's width goes on in lines indented by
 * four spaces.
 */
public record ReplaySpec(String model, String variant, String variantFile, String base, String layout, String ops,
                         FlushMethod flush, List<Integer> schedule) {
    /**
     * Marks a schedule that breaks no invariant but ends in an outcome the locked variant
     * never reaches (a failed lock-removal certificate): replay shows that outcome.
     */
    public static final String ENDS_CLEANLY = "expect: an outcome, no hazard";
    public static final String SCHEDULE = "schedule";
    private static final String CONTINUED = "    ";
    private static final Set<String> KEYS = Set.of(SCHEDULE, "model", "variant", "variant-file", "base", "layout",
            "flush", "ops", "expect");

    public static boolean endsCleanly(String text) {
        return ENDS_CLEANLY.equals("expect: " + fields(text).get("expect"));
    }

    /** A user's variant file is named as replay paths are (relative to the project home when under it). */
    public static ReplaySpec of(Variant variant, Scenario scenario, List<Integer> schedule) {
        return new ReplaySpec(variant.model().name(), variant.name(),
                variant.source() == null ? null : ReplayPaths.inReport(variant.source()), variant.base(),
                scenario.layout(), scenario.describeOps(), scenario.flush(), schedule);
    }

    /** The schedule's line(s): choices separated by commas, broken after a comma to fit. */
    public static String scheduleLines(List<Integer> schedule, int width) {
        return field(SCHEDULE, String.join(", ", schedule.stream().map(String::valueOf).toList()), width);
    }

    /** The lines after the schedule: model, variant (and file), layout, flush, ops. */
    public String text(int width) {
        StringBuilder out = new StringBuilder(field("model", model, width)).append(field("variant", variant, width));
        if (variantFile != null) out.append("variant-file: ").append(variantFile).append('\n')
                .append(field("base", base, width));
        return out.append(field("layout", layout, width)).append(field("flush", flush.toString(), width))
                .append(field("ops", ops, width)).toString();
    }

    /** {@code key: value}, wrapped at spaces into lines indented by four. */
    static String field(String key, String value, int width) {
        StringBuilder out = new StringBuilder();
        String rest = key + ": " + value;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= key.length() + 1) break; // one word longer than the line: leave it whole
            out.append(rest, 0, cut).append('\n');
            rest = CONTINUED + rest.substring(cut + 1);
        }
        return out.append(rest).append('\n').toString();
    }

    public Scenario scenario() {
        return new Scenario("replay", layout, "replayed from a trace file", ScenarioText.parseOps(ops)).flushing(flush);
    }

    /** The variant that ran: built in, or compiled again from the user's file. */
    public Variant resolve() {
        Model m = Models.named(model);
        if (variantFile == null) return Models.variant(m, variant);
        return VariantFile.load(ReplayPaths.resolve(variantFile), Models.variant(m, base));
    }

    /** Reads the replay lines of a trace file; says which are missing. */
    public static ReplaySpec parse(String text) {
        Map<String, String> fields = fields(text);
        for (String key : List.of("model", "variant", "layout", "ops", SCHEDULE)) {
            if (!fields.containsKey(key)) {
                throw new IllegalArgumentException("not a replayable trace file: no '" + key + ":' line");
            }
        }
        // Files written before machines had a choice of flush say nothing: they flushed by IPI.
        FlushMethod flush = FlushMethod.parse(fields.getOrDefault("flush", FlushMethod.IPI.label));
        return new ReplaySpec(fields.get("model"), fields.get("variant"), fields.get("variant-file"),
                fields.get("base"), fields.get("layout"), fields.get("ops"), flush, parseSchedule(fields.get(SCHEDULE)));
    }

    /** The schedule of a trace file, or null if it has none. */
    static List<Integer> schedule(String text) {
        String value = fields(text).get(SCHEDULE);
        return value == null ? null : parseSchedule(value);
    }

    private static List<Integer> parseSchedule(String value) {
        List<Integer> schedule = new ArrayList<>();
        for (String choice : value.split(",")) {
            if (choice.isBlank()) continue;
            try {
                schedule.add(Integer.parseInt(choice.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a replayable trace file: the schedule holds '" + choice.trim()
                        + "', not a number");
            }
        }
        return List.copyOf(schedule);
    }

    /** The first value of each replay key, with its continuation lines. */
    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new HashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon <= 0 || !KEYS.contains(lines[i].substring(0, colon))) continue;
            String key = lines[i].substring(0, colon);
            StringBuilder value = new StringBuilder(lines[i].substring(colon + 2).trim());
            while (i + 1 < lines.length && lines[i + 1].startsWith(CONTINUED) && !lines[i + 1].isBlank()) {
                value.append(' ').append(lines[++i].trim());
            }
            fields.putIfAbsent(key, value.toString());
        }
        return fields;
    }
}
