package shootdown.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shootdown.model.Model;
import shootdown.model.ScenarioText;
import shootdown.model.Scenario;

/**
 * The lines of a trace file that say exactly what ran, so {@code shootdown replay} can run it
 * again: model, variant, boot layout, each CPU's operations, and the schedule.
 */
public record ReplaySpec(String model, String variant, String layout, String ops, List<Integer> schedule) {
    /**
     * Marks a schedule that breaks no invariant but ends in an outcome the locked variant
     * never reaches (a failed lock-removal certificate): replay shows that outcome.
     */
    public static final String ENDS_CLEANLY = "expect: an outcome, no hazard";

    public static boolean endsCleanly(String text) {
        return text.lines().anyMatch(ENDS_CLEANLY::equals);
    }

    public static ReplaySpec of(Model model, String variant, Scenario scenario) {
        return new ReplaySpec(model.name(), variant, scenario.layout(), scenario.describeOps(), List.of());
    }

    /** The lines (without the schedule, which {@link TraceFile} writes itself). */
    public String text() {
        return "model: " + model + "\nvariant: " + variant + "\nlayout: " + layout + "\nops: " + ops + "\n";
    }

    public Scenario scenario() {
        return new Scenario("replay", layout, "replayed from a trace file", ScenarioText.parseOps(ops));
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
        return new ReplaySpec(fields.get("model"), fields.get("variant"), fields.get("layout"), fields.get("ops"),
                schedule);
    }
}
