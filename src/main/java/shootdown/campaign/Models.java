package shootdown.campaign;

import java.util.List;
import shootdown.model.Model;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaModel;
import shootdown.model.mmu.MmuModel;
import shootdown.model.snp.SnpModel;
import shootdown.model.wb.WbModel;

/** The models the tool knows, by name, in catalogue order. */
public final class Models {
    private static final List<Model> ALL = List.of(CpaModel.INSTANCE, SnpModel.INSTANCE, MmuModel.INSTANCE,
            WbModel.INSTANCE);

    private Models() {
    }

    public static List<Model> all() {
        return ALL;
    }

    /** @throws IllegalArgumentException naming the models that exist */
    public static Model named(String name) {
        if (name == null) throw new IllegalArgumentException("no model named; known models: " + names());
        return ALL.stream().filter(m -> m.name().equalsIgnoreCase(name.trim())).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown model '" + name + "'; known models: " + names()));
    }

    private static String names() {
        return String.join(", ", ALL.stream().map(Model::name).toList());
    }

    /**
     * A variant given by name or by catalogue id of that model (e.g. {@code CPA-4} for
     * {@code mainline}); unknown names are rejected with the list of both.
     */
    public static Variant variant(Model model, String nameOrId) {
        for (CatalogueRow row : Catalogue.rows()) {
            if (row.model() == model && row.id().equalsIgnoreCase(nameOrId)) return row.variant();
        }
        try {
            return model.variant(nameOrId);
        } catch (IllegalArgumentException e) {
            List<String> ids = Catalogue.rows().stream().filter(r -> r.model() == model).map(CatalogueRow::id).toList();
            throw new IllegalArgumentException(e.getMessage() + "; or catalogue ids: " + String.join(", ", ids), e);
        }
    }
}
