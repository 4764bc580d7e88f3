package shootdown.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

/** Small hand-made results: Gleixner's race on two CPUs, cut to the steps that matter. */
final class Fixtures {
    static final Hazard H1 = new Hazard(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, 5, 1, 1,
            "CPU1 may hold a 2M and a 4K translation of one page that differ",
            List.of("large: 2M@0x0->0x0 RW NX", "small: 4K@0x1->0x1 RO NX"));

    static final List<TraceEvent> RACE = List.of(
            new TraceEvent(1, 0, "__split_large_page", "spin_lock(&pgd_lock)", List.of("pgd_lock"), List.of()),
            new TraceEvent(2, 0, "__split_large_page", "__set_pmd_pte(pmd@table#1[0], table#2) was 2M pfn 0x0 RW NX",
                    List.of("pgd_lock"), List.of("CPU0 TLB[0x0]: [2M@0x0->0x0 RW NX, 4K@0x0->0x0 RW NX]",
                            "CPU1 TLB[0x0]: [2M@0x0->0x0 RW NX, 4K@0x0->0x0 RW NX]")),
            new TraceEvent(3, 0, "__split_large_page", "on_each_cpu(flush_tlb_all): ran locally, IPI sent to CPUs {1}",
                    List.of("pgd_lock"), List.of()),
            new TraceEvent(4, 1, "__change_page_attr", "lookup_address(0x1) = 4K pfn 0x1 RW NX at 4K level",
                    List.of(), List.of("CPU0 TLB[0x1]: [4K@0x1->0x1 RW NX]",
                            "CPU1 TLB[0x1]: [2M@0x0->0x0 RW NX, 4K@0x1->0x1 RW NX]")),
            new TraceEvent(5, 1, "__change_page_attr",
                    "set_pte_atomic(pte@table#2[1], 4K pfn 0x1 RO NX) was 4K pfn 0x1 RW NX",
                    List.of(), List.of("CPU0 TLB[0x1]: [4K@0x1->0x1 RW NX]",
                            "CPU1 TLB[0x1]: [2M@0x0->0x0 RW NX, 4K@0x1->0x1 RO NX]")));

    static final CampaignInfo INFO = new CampaignInfo("test-run", Instant.parse("2025-01-09T20:30:42Z"),
            Duration.ofSeconds(75), List.of("explorer", "lincheck", "jcstress"), "./shootdown campaign CPA", true);

    static CheckResult refuted(String id, String engine) {
        return new CheckResult(id, engine, Verdict.REFUTED, false, 1, 12, 126, 126, H1, RACE,
                List.of(0, 0, 0, 1, 1), "| Thread 1 | Thread 2 |", 0, 0, "2 CPUs, 3 operations", null);
    }

    static CheckResult passed(String id, String engine) {
        return new CheckResult(id, engine, Verdict.PASSED, true, 424, 659, 2010, -1, null, List.of(), List.of(), null,
                0, 0, "2 CPUs, 3 operations, exhausted", null);
    }

    static CheckResult stress(String id, long samples, long hits) {
        return new CheckResult(id, "jcstress", hits > 0 ? Verdict.REFUTED : Verdict.PASSED, false, 0, 0, 60_000,
                hits > 0 ? 1200 : -1, null, List.of(), List.of(), null, samples, hits, "sanity mode", null);
    }

    private Fixtures() {
    }
}
