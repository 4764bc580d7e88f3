package shootdown.model.wb;

import java.util.List;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;

/** The WB rows of the variant catalogue (DOMAIN.md section 6): SEV cache flush on reclaim. */
public final class WbCatalogue {
    private WbCatalogue() {
    }

    public static List<CatalogueRow> rows() {
        WbModel wb = WbModel.INSTANCE;
        return List.of(
                new CatalogueRow("WB-0", wb, WbVariant.WBINVD_ALL_CPUS.id(), WbScenarios.MIGRATE_VS_TWO_RECLAIMERS,
                        Documented.SAFE, "every CPU writes back on every reclaim: safe, and costly", null),
                new CatalogueRow("WB-1", wb, WbVariant.STICKY_MASK.id(), WbScenarios.MIGRATE_VS_TWO_RECLAIMERS,
                        Documented.SAFE,
                        "a CPU is marked before its first VMRUN and never unmarked: the mask over-approximates",
                        null),
                new CatalogueRow("WB-2", wb, WbVariant.TEST_AND_CLEAR.id(), WbScenarios.TWO_RECLAIMERS,
                        Documented.RACY, "the second flusher skips a CPU the first one cleared but has not flushed yet",
                        null),
                new CatalogueRow("WB-3", wb, WbVariant.FLUSH_THEN_CLEAR.id(), WbScenarios.VCPU_VS_TWO_RECLAIMS,
                        Documented.RACY, "a vCPU re-entered after the flush; clearing the snapshot loses its bit",
                        null),
                new CatalogueRow("WB-4", wb, WbVariant.MARK_AT_LOAD.id(), WbScenarios.VCPU_VS_TWO_RECLAIMS,
                        Documented.RACY, "a loaded vCPU keeps dirtying after its bit was cleared, without re-marking",
                        null),
                new CatalogueRow("WB-5", wb, WbVariant.NON_ATOMIC_SET.id(), WbScenarios.TWO_VCPUS_MARK,
                        Documented.RACY, "two non-atomic read-modify-writes of one mask word: a bit is lost",
                        "WbNonAtomicMaskStress"),
                new CatalogueRow("WB-6", wb, WbVariant.SERIALIZED_CLEAR.id(), WbScenarios.MIGRATE_VS_TWO_RECLAIMERS,
                        Documented.OPEN,
                        "the design the kernel's to-do comment proposes: clear under a flush mutex, CPUs running a vCPU of the VM re-mark themselves",
                        null));
    }
}
