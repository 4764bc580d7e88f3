package shootdown.report;

import java.nio.file.Path;
import java.util.Collection;
import shootdown.model.mmu.MmuCost;
import shootdown.model.snp.SnpCost;
import shootdown.model.wb.WbCost;

/**
 * {@code costs.md}: what each variant costs, to set beside whether it is safe. Each table
 * comes from a deterministic run of the model (not from timing), so it is the same on every
 * machine; throughput, which is timing, is the {@code bench} command's job.
 */
public final class CostTables {
    public static final String FILE_NAME = "costs.md";

    private CostTables() {
    }

    public static void write(Path dir, Collection<String> models) {
        AtomicFiles.write(dir.resolve(FILE_NAME), markdown(models));
    }

    static String markdown(Collection<String> models) {
        StringBuilder out = new StringBuilder("# What each variant costs\n\n");
        out.append("Counted on the simulated machine in one deterministic run per variant; `./shootdown bench rmp` "
                + "measures throughput.\n");
        if (models.contains("snp")) snp(out);
        if (models.contains("mmu")) mmu(out);
        if (models.contains("wb")) wb(out);
        if (!models.contains("snp") && !models.contains("mmu") && !models.contains("wb")) {
            out.append("\nNo model of this campaign has a cost table.\n");
        }
        return out.toString();
    }

    private static void snp(StringBuilder out) {
        out.append("\n## SEV-SNP: direct-map strategies for rmp_make_private()/rmp_make_shared()\n\n")
                .append("The same conversion workload for every strategy: two CPUs convert frames of two 2M ranges "
                        + "to private and back, taking turns step by step.\n\n")
                .append("| variant | splits (at boot) | global TLB flushes | cpa_lock taken | cpa_lock wait (turns) "
                        + "| RMPUPDATE retries | steps |\n|---|---|---|---|---|---|---|\n");
        for (SnpCost.Row r : SnpCost.rows()) {
            out.append(String.format("| %s | %d (%d) | %d | %d | %d | %d | %d |%n", r.variant(), r.splits(),
                    r.bootSplits(), r.globalFlushes(), r.cpaLockTaken(), r.cpaLockWait(), r.rmpupdateRetries(), r.steps()));
        }
    }

    private static void mmu(StringBuilder out) {
        out.append("\n## KVM MMU: shadow pages per variant\n\n")
                .append("Each row's scenario run sequentially (CPU0's operations, then CPU1's). Hash lookups are "
                        + "what the 2020 proposal wanted to save; leaks are what it cost.\n\n")
                .append("| id | variant | SPs allocated | SPs leaked | duplicates | hash lookups | zapped |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (MmuCost.Row r : MmuCost.rows()) {
            out.append(String.format("| %s | %s | %d | %d | %d | %d | %d |%n", r.id(), r.variant(), r.allocated(),
                    r.leaked(), r.duplicates(), r.lookups(), r.zapped()));
        }
    }

    private static void wb(StringBuilder out) {
        out.append("\n## SEV cache flush on reclaim: ").append(WbCost.HOST_CPUS).append(" host CPUs, a guest on ")
                .append(WbCost.VCPUS).append("\n\n")
                .append("CPUs a reclaim flushes against the CPUs that really held the guest's dirty lines.\n\n")
                .append("| variant | situation | CPUs flushed | CPUs dirty | hazard |\n|---|---|---|---|---|\n");
        for (WbCost.Row r : WbCost.rows()) {
            out.append(String.format("| %s | %s | %d | %d | %s |%n", r.variant(), r.situation(), r.flushed(),
                    r.dirty(), r.hazard() == null ? "none" : r.hazard()));
        }
    }
}
