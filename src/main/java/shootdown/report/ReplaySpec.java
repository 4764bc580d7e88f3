package shootdown.report;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shootdown.campaign.Models;
import shootdown.machine.FlushMethod;
import shootdown.model.Model;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.VariantFile;

/**
 * The lines of a trace file that say exactly what ran, so {@code shootdown replay} can run it
 * again: model, variant (and, for a user's variant, its file and the variant it was loaded
 * over), boot layout, how the machine flushes, each CPU's operations, and the schedule.
 */
public record ReplaySpec(String model, String variant, String variantFile, String base, String layout, String ops,
                         FlushMethod flush, List<Integer> schedule) {
    /**
     * Marks a schedule that breaks no invariant but ends in an outcome the locked variant
     * never reaches (a failed lock-removal certificate): replay shows that outcome.
     */
    public static final String ENDS_CLEANLY = "expect: an outcome, no hazard";

    public static boolean endsCleanly(String text) {
        return text.lines().anyMatch(ENDS_CLEANLY::equals);
    }

    public static ReplaySpec of(Variant variant, Scenario scenario, List<Integer> schedule) {
        return new ReplaySpec(variant.model().name(), variant.name(),
                variant.source() == null ? null : variant.source().toString(), variant.base(), scenario.layout(),
                scenario.describeOps(), scenario.flush(), schedule);
    }

    /** The lines (without the schedule, which {@link TraceFile} writes itself). */
    public String text() {
        StringBuilder out = new StringBuilder("model: " + model + "\nvariant: " + variant + "\n");
        if (variantFile != null) out.append("variant-file: ").append(variantFile).append("\nbase: ").append(base).append('\n');
        return out.append("layout: ").append(layout).append("\nflush: ").append(flush).append("\nops: ").append(ops)
                .append('\n').toString();
    }

    public Scenario scenario() {
        return new Scenario("replay", layout, "replayed from a trace file", ScenarioText.parseOps(ops)).flushing(flush);
    }

    /** The variant that ran: built in, or compiled again from the user's file. */
    public Variant resolve() {
        Model m = Models.named(model);
        if (variantFile == null) return Models.variant(m, variant);
        return VariantFile.load(Path.of(variantFile), Models.variant(m, base));
    }

    /** Reads the replay lines of a trace file; says which are missing. */
    public static ReplaySpec parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
        }
        for (String key : List.of("model", "variant", "layout", "ops", "schedule")) {
            if (!fields.containsKey(key)) {
                throw new IllegalArgumentException("not a replayable trace file: no '" + key + ":' line");
            }
        }
        List<Integer> schedule = TraceFile.parseSchedule(text).orElseThrow();
        // Files written before machines had a choice of flush say nothing: they flushed by IPI.
        FlushMethod flush = FlushMethod.parse(fields.getOrDefault("flush", FlushMethod.IPI.label));
        return new ReplaySpec(fields.get("model"), fields.get("variant"), fields.get("variant-file"),
                fields.get("base"), fields.get("layout"), fields.get("ops"), flush, schedule);
    }
}
