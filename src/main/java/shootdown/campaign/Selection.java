package shootdown.campaign;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which catalogue rows a campaign runs: by id (--only) and by model (--model). */
public final class Selection {
    private Selection() {
    }

    /**
     * @param ids    catalogue ids, or empty for all
     * @param models model names, or empty for all
     * @throws IllegalArgumentException naming what exists, for an unknown id or model
     */
    public static List<CatalogueRow> rows(List<String> ids, List<String> models) {
        Set<String> knownModels = new LinkedHashSet<>();
        for (CatalogueRow row : Catalogue.rows()) knownModels.add(row.model().name());
        for (String model : models) {
            if (!knownModels.contains(model)) {
                throw new IllegalArgumentException("unknown model '" + model + "'; known models: "
                        + String.join(", ", knownModels));
            }
        }
        List<CatalogueRow> chosen = new ArrayList<>();
        if (ids.isEmpty()) {
            chosen.addAll(Catalogue.rows());
        } else {
            for (String id : ids) {
                CatalogueRow row = Catalogue.find(id.trim()).orElseThrow(() -> new IllegalArgumentException(
                        "unknown catalogue id '" + id.trim() + "'; known ids: " + String.join(", ", Catalogue.ids())));
                if (!chosen.contains(row)) chosen.add(row);
            }
        }
        if (!models.isEmpty()) chosen.removeIf(row -> !models.contains(row.model().name()));
        return chosen;
    }
}
