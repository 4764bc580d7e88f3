package shootdown.campaign;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which catalogue rows a campaign runs: by id (--only) and by model (--model). */
public final class Selection {
    private Selection() {
    }

    /** From the built-in catalogue. */
    public static List<CatalogueRow> rows(List<String> ids, List<String> models) {
        return rows(Catalogue.rows(), ids, models);
    }

    /**
     * @param available the rows to choose from (built-in, a user's catalogue, or both)
     * @param ids       catalogue ids, or empty for all
     * @param models    model names, or empty for all
     * @throws IllegalArgumentException naming what exists, for an unknown id or model, or when
     *                                  nothing is left to run
     */
    public static List<CatalogueRow> rows(List<CatalogueRow> available, List<String> ids, List<String> models) {
        Set<String> knownModels = new LinkedHashSet<>();
        for (CatalogueRow row : available) knownModels.add(row.model().name());
        for (String model : models) {
            if (knownModels.stream().noneMatch(m -> m.equalsIgnoreCase(model.trim()))) {
                throw new IllegalArgumentException("unknown model '" + model.trim() + "'; known models: "
                        + String.join(", ", knownModels));
            }
        }
        List<CatalogueRow> chosen = new ArrayList<>();
        if (ids.isEmpty()) {
            chosen.addAll(available);
        } else {
            for (String id : ids) {
                CatalogueRow row = available.stream().filter(r -> r.id().equalsIgnoreCase(id.trim())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown catalogue id '" + id.trim()
                                + "'; known ids: " + String.join(", ", available.stream().map(CatalogueRow::id).toList())));
                if (!chosen.contains(row)) chosen.add(row);
            }
        }
        List<String> idsModels = chosen.stream().map(r -> r.model().name()).distinct().toList();
        if (!models.isEmpty()) {
            chosen.removeIf(row -> models.stream().noneMatch(m -> m.trim().equalsIgnoreCase(row.model().name())));
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the selection is empty: --only " + String.join(",", ids)
                    + " names rows of model " + String.join(", ", idsModels) + ", and --model asks for "
                    + String.join(", ", models) + " (drop one, or name rows of that model)");
        }
        return chosen;
    }

    /** Every id appears once: a user's catalogue may not reuse a built-in id. */
    public static List<CatalogueRow> union(List<CatalogueRow> first, List<CatalogueRow> second) {
        List<CatalogueRow> out = new ArrayList<>(first);
        for (CatalogueRow row : second) {
            if (out.stream().anyMatch(r -> r.id().equalsIgnoreCase(row.id()))) {
                throw new IllegalArgumentException(row.source() + ": row id " + row.id() + " is already used by "
                        + out.stream().filter(r -> r.id().equalsIgnoreCase(row.id())).findFirst().orElseThrow().source());
            }
            out.add(row);
        }
        return out;
    }
}
