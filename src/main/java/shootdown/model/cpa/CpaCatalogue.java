package shootdown.model.cpa;

import java.util.List;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;

/** The CPA rows of the variant catalogue (DOMAIN.md section 6). */
public final class CpaCatalogue {
    private CpaCatalogue() {
    }

    public static List<CatalogueRow> rows() {
        CpaModel cpa = CpaModel.INSTANCE;
        return List.of(
                new CatalogueRow("CPA-1", cpa, CpaVariant.CPA_2008.id(), CpaScenarios.SPLIT_VS_NEIGHBOUR,
                        Documented.SAFE, "cpa_lock spans the split's install to its flush", null),
                new CatalogueRow("CPA-2", cpa, CpaVariant.CPA_2008_NO_CPA_LOCK.id(), CpaScenarios.SPLIT_VS_NEIGHBOUR,
                        Documented.RACY,
                        "path (a) writes a PTE before the split's flush reaches a CPU with a stale 2M entry", null),
                new CatalogueRow("CPA-3", cpa, CpaVariant.NO_CPA_LOCK.id(), CpaScenarios.SPLIT_VS_NEIGHBOUR,
                        Documented.RACY,
                        "the flush inside pgd_lock does not stop path (a), which never takes pgd_lock",
                        "CpaNoCpaLockStress"),
                new CatalogueRow("CPA-4", cpa, CpaVariant.MAINLINE.id(), CpaScenarios.SPLIT_VS_NEIGHBOUR,
                        Documented.SAFE, "cpa_lock keeps path (a) out until the split's flush has reached every CPU",
                        "CpaMainlineStress"),
                new CatalogueRow("CPA-5", cpa, CpaVariant.MAINLINE.id(), CpaScenarios.TWO_SPLITTERS,
                        Documented.SAFE,
                        "the recheck under pgd_lock makes the second splitter back off and free its page", null),
                new CatalogueRow("CPA-6", cpa, CpaVariant.NO_RECHECK.id(), CpaScenarios.TWO_SPLITTERS,
                        Documented.RACY, "the second install overwrites the first table: lost update, leaked table",
                        null),
                new CatalogueRow("CPA-7-4K", cpa, CpaVariant.DEBUG_PAGEALLOC.id(), CpaScenarios.debugPagealloc("4k"),
                        Documented.SAFE, "an all-4K direct map never splits, so no cpa_lock is needed", null),
                new CatalogueRow("CPA-7-2M", cpa, CpaVariant.DEBUG_PAGEALLOC.id(), CpaScenarios.debugPagealloc("2m"),
                        Documented.RACY, "with a 2M leaf, debug_pagealloc's lockless CPA is CPA-3's race", null));
    }
}
