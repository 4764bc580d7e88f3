package shootdown.model.mmu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.NativeRun;

/**
 * What each MMU/TDP row costs, from one deterministic sequential run of its scenario: every
 * operation of CPU0, then every operation of CPU1, on the calling thread. This is the cost side
 * of the 2020 proposal (hash lookups saved) beside what it does to the pages; it is not a
 * verdict: a race needs an interleaving, which the sequential run does not take (TDP-2 leaks
 * nothing here; the explorer and Lincheck find its leak).
 */
public final class MmuCost {
    private MmuCost() {
    }

    /**
     * @param allocated  shadow pages the operations allocated (boot-time roots not counted)
     * @param leaked     pages leaked at quiescence (H5, as the final-state check counts them)
     * @param duplicates valid pages beyond the first for one (gfn, role)
     * @param lookups    mmu_page_hash lookups performed
     * @param zapped     pages zapped (prepared and committed)
     */
    public record Row(String id, String variant, String scenario, long allocated, long leaked, long duplicates,
                      long lookups, long zapped) {
    }

    /** One row per MMU/TDP catalogue row, in catalogue order. */
    public static List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (CatalogueRow row : Catalogue.rows()) if (row.model() == MmuModel.INSTANCE && row.scenario() != null) out.add(measure(row));
        return out;
    }

    public static Row measure(CatalogueRow row) {
        MmuInstance instance = (MmuInstance) NativeRun.create(row.variant(), row.scenario());
        for (int cpu = 0; cpu < row.scenario().cpus(); cpu++) {
            int ops = row.scenario().opsPerCpu().get(cpu).size();
            for (int index = 0; index < ops; index++) instance.run(cpu, index);
        }
        KvmArch kvm = instance.kvm();
        long duplicates = 0;
        for (List<KvmMmuPage> group : MmuAudit.duplicates(kvm)) duplicates += group.size() - 1;
        Map<String, Long> counters = instance.machine().inspect().counters();
        return new Row(row.id(), row.variant().name(), row.scenario().name(), counters.getOrDefault("SPs allocated", 0L),
                MmuAudit.leaked(kvm).size(), duplicates, counters.getOrDefault("hash lookups", 0L),
                counters.getOrDefault("SPs zapped", 0L));
    }
}
