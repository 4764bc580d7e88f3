package shootdown.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/** The models by name, as the catalogue lists them. */
public final class Models {
    private Models() {
    }

    public static List<Model> all() {
        Map<String, Model> byName = new LinkedHashMap<>();
        for (CatalogueRow row : Catalogue.rows()) byName.putIfAbsent(row.model().name(), row.model());
        return List.copyOf(byName.values());
    }

    public static Model named(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown model '" + name + "'; known models: "
                        + String.join(", ", all().stream().map(Model::name).toList())));
    }

    /**
     * A variant given by name or by catalogue id of that model (e.g. {@code CPA-4} for
     * {@code mainline}); unknown names are rejected with the list of both.
     */
    public static String variant(Model model, String nameOrId) {
        if (model.variants().contains(nameOrId)) return nameOrId;
        for (CatalogueRow row : Catalogue.rows()) {
            if (row.model() == model && row.id().equalsIgnoreCase(nameOrId)) return row.variant();
        }
        List<String> ids = Catalogue.rows().stream().filter(r -> r.model() == model).map(CatalogueRow::id).toList();
        throw new IllegalArgumentException("unknown " + model.name() + " variant '" + nameOrId + "'; known variants: "
                + String.join(", ", model.variants()) + "; or catalogue ids: " + String.join(", ", ids));
    }
}
