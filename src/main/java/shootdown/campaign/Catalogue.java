package shootdown.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import shootdown.model.cpa.CpaCatalogue;
import shootdown.model.mmu.MmuCatalogue;
import shootdown.model.snp.SnpCatalogue;

/** Every catalogue row the tool knows, in catalogue order. */
public final class Catalogue {
    private static final List<CatalogueRow> ROWS = build();

    private Catalogue() {
    }

    public static List<CatalogueRow> rows() {
        return ROWS;
    }

    public static Optional<CatalogueRow> find(String id) {
        return ROWS.stream().filter(r -> r.id().equalsIgnoreCase(id)).findFirst();
    }

    public static List<String> ids() {
        return ROWS.stream().map(CatalogueRow::id).toList();
    }

    /** Each model contributes its section, in catalogue order. */
    private static List<CatalogueRow> build() {
        List<CatalogueRow> rows = new ArrayList<>();
        rows.addAll(CpaCatalogue.rows());
        rows.addAll(SnpCatalogue.rows());
        rows.addAll(MmuCatalogue.rows());
        rows.addAll(shootdown.model.wb.WbCatalogue.rows());
        return List.copyOf(rows);
    }
}
