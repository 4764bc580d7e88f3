package shootdown.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.model.Model;
import shootdown.model.Op;
import shootdown.model.Operations;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.VariantFile;

/**
 * A catalogue file: named scenarios and rows, in TOML. The built-in catalogue is four such files
 * (one per model, in resources/shootdown/catalogue/); a kernel tree keeps its own beside its
 * code and runs it with {@code campaign --catalogue FILE}. docs/catalogue.md gives the format.
 *
 * <pre>
 * model = "cpa"                      # the rows' model, unless a row names its own
 * [scenarios.split-vs-neighbour]
 * layout = "2m"
 * ops = "CPU0: set_memory_ro(0x0) | CPU1: set_memory_ro(0x1), touch(0x1)"
 * story = "..."
 * [[rows]]
 * id = "MY-1"
 * variant_file = "my-patch/LocalSplitFlush.java"   # or variant = "mainline" (a name or catalogue id)
 * scenario = "split-vs-neighbour"                  # a scenario of this file or of the built-in catalogue,
 * # or ops = "...", layout = "..."; or a proof: alphabet = "...", cpus = 3, ops_per_cpu = 2
 * documented = "safe"                              # safe, racy, buggy or open
 * why = "..."
 * flush = "invlpgb"                                # optional: flush_tlb_all() by INVLPGB (default: ipi,
 *                                                  # or the campaign's --flush)
 * </pre>
 */
public final class CatalogueFile {
    private static final TomlMapper TOML = new TomlMapper();

    private CatalogueFile() {
    }

    /** The rows of a user's catalogue file; its variant files are found relative to it. */
    public static List<CatalogueRow> read(Path file, List<CatalogueRow> builtIn) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such catalogue file: " + file);
        try (InputStream in = Files.newInputStream(file)) {
            return rows(TOML.readTree(in), file.toString(), file.toAbsolutePath().getParent(), builtIn);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a TOML catalogue: " + firstLine(e.getMessage()));
        }
    }

    /** A catalogue resource of the tool itself: its rows, and its named scenarios (used by rows or not). */
    record Resource(List<CatalogueRow> rows, Map<String, Scenario> scenarios) {
    }

    static Resource readResource(String name) {
        try (InputStream in = CatalogueFile.class.getResourceAsStream("/shootdown/catalogue/" + name)) {
            if (in == null) throw new IllegalStateException("missing catalogue resource " + name);
            JsonNode root = TOML.readTree(in);
            Model model = Models.named(text(root, "model", null));
            Map<String, Scenario> scenarios = new LinkedHashMap<>();
            root.path("scenarios").fields().forEachRemaining(e -> scenarios.put(e.getKey(),
                    scenario(model, e.getKey(), e.getValue())));
            return new Resource(rows(root, name, null, List.of()), scenarios);
        } catch (IOException e) {
            throw new IllegalStateException("built-in catalogue " + name + " is not TOML: " + e.getMessage(), e);
        }
    }

    private static List<CatalogueRow> rows(JsonNode root, String source, Path dir, List<CatalogueRow> builtIn) {
        Map<String, JsonNode> scenarios = new LinkedHashMap<>();
        root.path("scenarios").fields().forEachRemaining(e -> scenarios.put(e.getKey(), e.getValue()));
        List<CatalogueRow> rows = new ArrayList<>();
        for (JsonNode row : root.path("rows")) {
            String id = text(row, "id", null);
            if (id == null) throw new IllegalArgumentException(source + ": a row without an id");
            try {
                rows.add(row(id, row, root, scenarios, source, dir, builtIn));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ", row " + id + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static CatalogueRow row(String id, JsonNode row, JsonNode root, Map<String, JsonNode> scenarios,
                                    String source, Path dir, List<CatalogueRow> builtIn) {
        Model model = Models.named(text(row, "model", text(root, "model", null)));
        Variant variant = variant(model, row, dir);
        Documented documented = Documented.parse(required(row, "documented"));
        Set<Hazard.Kind> hazards = hazards(row.get("hazard"));
        String why = text(row, "why", "");
        String cites = text(row, "cites", variant.cites());
        String era = text(row, "era", "");
        String stress = text(row, "stress", null);
        FlushMethod flush = row.has("flush") ? FlushMethod.parse(required(row, "flush")) : null;
        if (row.has("alphabet")) {
            List<Op> alphabet = ScenarioText.parseList(required(row, "alphabet"));
            Operations.check(model, List.of(alphabet));
            CatalogueRow.Proof proof = new CatalogueRow.Proof(alphabet, text(row, "layout", model.proveLayout()),
                    row.path("cpus").asInt(2), row.path("ops_per_cpu").asInt(1), flush);
            return new CatalogueRow(id, variant, null, proof, documented, hazards, why, cites, era, stress, source, flush);
        }
        Scenario scenario = scenario(model, row, scenarios, builtIn);
        if (flush != null) scenario = scenario.flushing(flush);
        return new CatalogueRow(id, variant, scenario, null, documented, hazards, why, cites, era, stress, source, flush);
    }

    private static Variant variant(Model model, JsonNode row, Path dir) {
        if (row.has("variant_file")) {
            Path file = Path.of(required(row, "variant_file"));
            if (dir != null && !file.isAbsolute()) file = dir.resolve(file);
            Variant base = row.has("base") ? Models.variant(model, required(row, "base")) : model.variants().get(0);
            return VariantFile.load(file, base);
        }
        // The built-in files name variants; a user's file may also name them by a built-in row's id.
        return dir == null ? model.variant(required(row, "variant")) : Models.variant(model, required(row, "variant"));
    }

    private static Scenario scenario(Model model, JsonNode row, Map<String, JsonNode> scenarios,
                                     List<CatalogueRow> builtIn) {
        if (row.has("ops")) return scenario(model, "row", row);
        String name = required(row, "scenario");
        if (scenarios.containsKey(name)) return scenario(model, name, scenarios.get(name));
        for (CatalogueRow r : builtIn) {
            if (r.scenario() != null && r.model() == model && r.scenario().name().equals(name)) return r.scenario();
        }
        throw new IllegalArgumentException("no scenario '" + name + "' in the file or the built-in " + model.name()
                + " catalogue");
    }

    private static Scenario scenario(Model model, String name, JsonNode node) {
        List<List<Op>> ops = ScenarioText.parseOps(required(node, "ops"));
        Operations.check(model, ops);
        String layout = text(node, "layout", model.layouts().get(0).name());
        Operations.requireLayout(model, layout);
        return new Scenario(name, layout, text(node, "story", ""), ops);
    }

    /** {@code hazard = "H1_MIXED_SIZE_CONFLICT"} or a list of kinds. */
    private static Set<Hazard.Kind> hazards(JsonNode node) {
        if (node == null) return Set.of();
        Set<Hazard.Kind> out = EnumSet.noneOf(Hazard.Kind.class);
        for (JsonNode kind : node.isArray() ? node : List.of(node)) out.add(Hazards.kind(kind.asText()));
        return Set.copyOf(out);
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field, null);
        if (value == null) throw new IllegalArgumentException("missing '" + field + "'");
        return value;
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? otherwise : value.asText();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
