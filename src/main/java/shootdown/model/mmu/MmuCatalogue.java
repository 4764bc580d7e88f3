package shootdown.model.mmu;

import java.util.List;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;

/** The MMU and TDP rows of the variant catalogue (DOMAIN.md section 6). */
public final class MmuCatalogue {
    private MmuCatalogue() {
    }

    public static List<CatalogueRow> rows() {
        MmuModel mmu = MmuModel.INSTANCE;
        return List.of(
                new CatalogueRow("MMU-1", mmu, MmuVariant.MAINLINE.id(), MmuScenarios.ZAP_OLDEST_REFAULT,
                        Documented.SAFE,
                        "the rebuilt parent looks (gfn, role) up and relinks the orphan zap-oldest left in the hash",
                        null),
                new CatalogueRow("MMU-2", mmu, MmuVariant.SKIP_LOOKUP.id(), MmuScenarios.ZAP_OLDEST_REFAULT,
                        Documented.RACY,
                        "zap-oldest orphans C; the rebuilt parent allocates a duplicate C' instead of relinking C, "
                                + "which leaks (H5, duplicate SP)",
                        null),
                new CatalogueRow("MMU-3", mmu, MmuVariant.SKIP_LOOKUP.id(), MmuScenarios.MIXED_ROOTS,
                        Documented.RACY,
                        "4- and 5-level roots break the single-direct-root premise: the 5-level root's level-4 child "
                                + "duplicates the 4-level root",
                        null),
                new CatalogueRow("MMU-4", mmu, MmuVariant.SKIP_LOOKUP_ZAP_FAMILY.id(), MmuScenarios.ZAP_OLDEST_REFAULT,
                        Documented.OPEN,
                        "Sean's proposal: zapping a page zaps its whole family tree, so no orphan is left to duplicate",
                        null),
                new CatalogueRow("TDP-1", mmu, MmuVariant.TDP_MAINLINE.id(), MmuScenarios.TDP_ONE_REGION,
                        Documented.SAFE,
                        "the loser's cmpxchg fails: it frees its page and the vCPU re-faults through the winner's",
                        null),
                new CatalogueRow("TDP-2", mmu, MmuVariant.TDP_PLAIN_STORE.id(), MmuScenarios.TDP_ONE_REGION,
                        Documented.RACY,
                        "a plain store overwrites the winner's SPTE: the winner's page and what hangs below it leak (H5)",
                        "TdpPlainStoreStress"));
    }
}
