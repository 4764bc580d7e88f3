package shootdown.model.snp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shootdown.machine.MachineCore;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * What each direct-map strategy costs, beside whether it is safe: one deterministic run of the
 * same workload per variant, two CPUs taking one step each in turn ({@link LockstepSched}). The
 * workload is a guest's memory being converted: each CPU makes 8 frames private in each of the
 * two 2M ranges (CPU0 the even frames, CPU1 the odd ones), then hands them back.
 *
 * @see RmpBench for the same strategies on real threads
 */
public final class SnpCost {
    public static final int FRAMES_PER_RANGE_PER_CPU = 8;

    /**
     * One variant's counts.
     *
     * @param splits          direct-map leaves split (of which {@code bootSplits} before any guest ran)
     * @param globalFlushes   IPI broadcasts: flush_tlb_all() of splits plus cpa_flush() of attribute changes
     * @param cpaLockTaken    cpa_lock acquisitions
     * @param cpaLockWait     turns a CPU could not move because the other held cpa_lock
     * @param rmpupdateRetries RMPUPDATEs that failed with FAIL_OVERLAP and were retried
     * @param steps           machine steps of the whole run
     * @param hazard          the hazard the run hit, or null (the workload writes nothing, so none is expected)
     */
    public record Row(String variant, String strategy, long splits, long bootSplits, long globalFlushes,
                      long cpaLockTaken, long cpaLockWait, long rmpupdateRetries, long steps, String hazard) {
    }

    private SnpCost() {
    }

    /** The variants of the cost table: each strategy on mainline CPA, and the merged one without cpa_lock. */
    public static List<String> variants() {
        List<String> variants = new ArrayList<>(List.of("no-adjust", "merged", "rfc-v8", "rfc-v8-fixed",
                "v6-split-noflush", "presplit"));
        variants.add("merged+no-cpa-lock");
        return variants;
    }

    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String variant : variants()) rows.add(row(variant));
        return rows;
    }

    /** The workload: frames converted to private and back by two CPUs. */
    public static Scenario workload() {
        List<List<Op>> ops = new ArrayList<>();
        for (int cpu = 0; cpu < 2; cpu++) {
            List<Op> mine = new ArrayList<>();
            for (String op : List.of("rmp_make_private", "rmp_make_shared")) {
                for (long range = 0; range < 1024; range += 512) {
                    for (int i = 0; i < FRAMES_PER_RANGE_PER_CPU; i++) mine.add(new Op(op, range + 2L * i + cpu));
                }
            }
            ops.add(mine);
        }
        return new Scenario("convert-and-return", "2m",
                "Two CPUs each make " + FRAMES_PER_RANGE_PER_CPU + " frames private in each of the two 2M ranges "
                        + "(CPU0 the even frames, CPU1 the odd ones), then make them shared again.", ops);
    }

    public static Row row(String variant) {
        LockstepSched sched = new LockstepSched(2);
        ModelInstance instance = SnpModel.INSTANCE.newInstance(SnpModel.INSTANCE.variant(variant), workload(), sched);
        MachineCore machine = instance.machine();
        long bootSplits = machine.inspect().counters().getOrDefault("direct-map splits", 0L);
        machine.inspect().enableTrace();
        sched.run(instance);
        Map<String, Long> c = machine.inspect().counters();
        long flushes = c.entrySet().stream().filter(e -> e.getKey().startsWith("IPI broadcasts"))
                .mapToLong(Map.Entry::getValue).sum();
        return new Row(variant, SnpModel.INSTANCE.variant(variant).title(),
                c.getOrDefault("direct-map splits", 0L), bootSplits, flushes,
                c.getOrDefault("cpa_lock acquisitions", 0L), sched.waited().getOrDefault("cpa_lock", 0L),
                c.getOrDefault("RMPUPDATE retries (FAIL_OVERLAP)", 0L), machine.inspect().steps(),
                sched.hazard() == null ? null : sched.hazard().hazard().toString());
    }

    public static void main(String[] args) {
        System.out.printf("%-20s %7s %6s %8s %9s %9s %8s %7s%n", "variant", "splits", "boot", "flushes",
                "cpa_lock", "cpa wait", "retries", "steps");
        for (Row r : rows()) {
            System.out.printf("%-20s %7d %6d %8d %9d %9d %8d %7d%s%n", r.variant(), r.splits(), r.bootSplits(),
                    r.globalFlushes(), r.cpaLockTaken(), r.cpaLockWait(), r.rmpupdateRetries(), r.steps(),
                    r.hazard() == null ? "" : "  " + r.hazard());
        }
    }
}
