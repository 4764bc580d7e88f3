package shootdown.model.snp;

import java.util.List;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;

/** The SNP rows of the variant catalogue (DOMAIN.md sections 3 and 6). */
public final class SnpCatalogue {
    private SnpCatalogue() {
    }

    public static List<CatalogueRow> rows() {
        SnpModel snp = SnpModel.INSTANCE;
        return List.of(
                new CatalogueRow("SNP-1", snp, "no-adjust", SnpScenarios.PRIVATE_VS_NEIGHBOUR_WRITE,
                        Documented.RACY, "a host write to a neighbour goes through the 2M direct-map entry, and the "
                        + "RMP checks that 2M range: it holds a private frame", null),
                new CatalogueRow("SNP-2", snp, "merged", SnpScenarios.PRIVATE_VS_NEIGHBOUR_WRITE,
                        Documented.SAFE, "set_memory_4k() splits the 2M leaf and its flush reaches every CPU "
                        + "before RMPUPDATE makes the frame private", null),
                new CatalogueRow("SNP-2+CPA-3", snp, "merged+no-cpa-lock", SnpScenarios.ON_DEMAND_SPLIT_VS_NEIGHBOUR,
                        Documented.OPEN, "without cpa_lock, is the on-demand split the splitter of Gleixner's "
                        + "interleaving (CPA-3)?", null),
                new CatalogueRow("SNP-2-fastpath", snp, "merged", SnpScenarios.TWO_CONVERSIONS_IRQS_OFF_WRITER,
                        Documented.OPEN, "adjust_direct_map()'s lockless lookup_address() may see another CPU's "
                        + "split before that split's flush has reached every CPU", null),
                new CatalogueRow("SNP-3", snp, "rfc-v8", SnpScenarios.INVALIDATE_RESTORE_CYCLE,
                        Documented.BUGGY, "invalidate_direct_map() always runs its cleanup: the page is left "
                        + "mapped while private", null),
                new CatalogueRow("SNP-3f", snp, "rfc-v8-fixed", SnpScenarios.INVALIDATE_RESTORE_CYCLE,
                        Documented.SAFE, "the page is unmapped while private and mapped again once shared", null),
                new CatalogueRow("SNP-4", snp, "merged", SnpScenarios.TWO_VCPUS_ONE_2M_ENTRY,
                        Documented.SAFE, "the loser's PSMASH fails, its re-lookup sees 4K, and its access "
                        + "goes through", null),
                new CatalogueRow("SNP-5", snp, "v6-split-noflush", SnpScenarios.PRIVATE_VS_NEIGHBOUR_WRITE,
                        Documented.RACY, "the split is not flushed: another CPU keeps its 2M entry and writes "
                        + "a neighbour through it after RMPUPDATE", "SnpNoSplitFlushStress"),
                new CatalogueRow("SNP-6", snp, "presplit", SnpScenarios.TWO_CONVERSIONS_ONE_2M,
                        Documented.SAFE, "the whole direct map is 4K, and flushed, before any frame goes private",
                        null),
                new CatalogueRow("SNP-7", snp, "merged-no-align-check", SnpScenarios.UNALIGNED_GFNS,
                        Documented.OPEN, "2M RMP entries without seed 001's alignment check", null));
    }
}
