package shootdown.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import shootdown.model.Model;
import shootdown.model.Scenario;

/**
 * The built-in catalogue: every row the tool ships, in catalogue order, read from its TOML
 * files (one per model). Each row's documented verdict is written there and nowhere else.
 */
public final class Catalogue {
    private static final List<String> FILES = List.of("cpa.toml", "snp.toml", "mmu.toml", "wb.toml");

    private record Loaded(List<CatalogueRow> rows, Map<String, Scenario> scenarios) {
    }

    private static volatile Loaded loaded;

    private Catalogue() {
    }

    private static Loaded loaded() {
        if (loaded == null) {
            List<CatalogueRow> all = new ArrayList<>();
            Map<String, Scenario> scenarios = new LinkedHashMap<>();
            for (String file : FILES) {
                CatalogueFile.Resource resource = CatalogueFile.readResource(file);
                all.addAll(resource.rows());
                String model = file.substring(0, file.indexOf('.'));
                resource.scenarios().forEach((name, scenario) -> scenarios.put(model + ":" + name, scenario));
            }
            loaded = new Loaded(List.copyOf(all), Map.copyOf(scenarios));
        }
        return loaded;
    }

    public static List<CatalogueRow> rows() {
        return loaded().rows();
    }

    /** A named scenario of a model's catalogue file, e.g. {@code scenario(SnpModel.INSTANCE, "two-conversions-one-2m")}. */
    public static Scenario scenario(Model model, String name) {
        Scenario scenario = loaded().scenarios().get(model.name() + ":" + name);
        if (scenario == null) throw new IllegalArgumentException("no " + model.name() + " scenario '" + name + "'");
        return scenario;
    }

    public static Optional<CatalogueRow> find(String id) {
        return rows().stream().filter(r -> r.id().equalsIgnoreCase(id)).findFirst();
    }

    public static List<String> ids() {
        return rows().stream().map(CatalogueRow::id).toList();
    }
}
