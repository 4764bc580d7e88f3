package shootdown.model.mmu;

import java.util.List;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** The small named scenarios of the MMU and TDP catalogue rows, and a few more for the bounds. */
public final class MmuScenarios {
    private MmuScenarios() {
    }

    private static Op fault(long gfn) {
        return new Op("kvm_mmu_page_fault", gfn);
    }

    private static Op zapOldest(long pages) {
        return new Op("make_mmu_pages_available", pages);
    }

    private static Op shrink(long pages) {
        return new Op("mmu_shrink_scan", pages);
    }

    private static final Op LOAD = new Op("kvm_mmu_load", 0);

    /** Sean Christopherson's interleaving (2020-06-23): zap-oldest orphans a child, the re-fault rebuilds. */
    public static final Scenario ZAP_OLDEST_REFAULT = new Scenario("zap-oldest-refault", "root4",
            "One 4-level direct root. vCPU0 faults gfn 0x0, building root -> P (level 3) -> C (level 2) with a 2M "
                    + "leaf. vCPU1 is at the VM's page limit: make_mmu_pages_available() zaps the oldest page, then "
                    + "vCPU1 faults gfn 0x0 again.",
            List.of(List.of(fault(0)),
                    List.of(zapOldest(1), fault(0))));

    /** The same through the shrinker, whose n_used_mmu_pages check runs without mmu_lock. */
    public static final Scenario SHRINK_REFAULT = new Scenario("shrink-refault", "root4",
            "One 4-level direct root. vCPU0 faults gfn 0x0 (root -> P -> C); the shrinker scans one page of the VM "
                    + "on CPU1, which then faults gfn 0x0 again.",
            List.of(List.of(fault(0)),
                    List.of(shrink(1), fault(0))));

    /** Two gfns 1G apart share P; zaps and re-faults on both CPUs. */
    public static final Scenario ZAP_TWO_REGIONS = new Scenario("zap-two-regions", "root4",
            "One 4-level direct root. vCPU0 faults gfn 0x0 and gfn 0x40000 (one P, two level-2 children), then the "
                    + "shrinker scans one page; vCPU1 zaps the oldest page at the limit and faults both gfns again.",
            List.of(List.of(fault(0), fault(0x40000), shrink(1)),
                    List.of(zapOldest(1), fault(0x40000), fault(0))));

    /**
     * A longer run on one root for the MMU-4 bound (tens of thousands of states; seconds, not
     * milliseconds): faults in three 2M regions across two 1G regions, zaps of one and two pages,
     * and the shrinker, on both CPUs.
     */
    public static final Scenario ZAP_SOAK = new Scenario("zap-refault-soak", "root4",
            "One 4-level direct root. vCPU0 faults gfn 0x0 and 0x200, the shrinker scans one page, vCPU0 faults "
                    + "0x40000, zaps the oldest page at the limit and faults 0x0 again. vCPU1 zaps two pages, faults "
                    + "0x40000, zaps one, faults 0x0, the shrinker scans three pages, and vCPU1 faults 0x200.",
            List.of(List.of(fault(0), fault(0x200), shrink(1), fault(0x40000), zapOldest(1), fault(0)),
                    List.of(zapOldest(2), fault(0x40000), zapOldest(1), fault(0), shrink(3), fault(0x200))));

    /** Sean's second case: vCPUs with different MAXPHYADDR give a 4-level and a 5-level root. */
    public static final Scenario MIXED_ROOTS = new Scenario("mixed-4-and-5-level-roots", "maxphyaddr-4+5",
            "vCPU0 needs 4-level EPT, vCPU1 5-level EPT (different MAXPHYADDR). Each loads its root and faults gfn "
                    + "0x0. The 5-level root's level-4 child for gfn 0x0 has the 4-level root's (gfn, role).",
            List.of(List.of(LOAD, fault(0)),
                    List.of(LOAD, fault(0))));

    /** Mixed roots plus a zap: the family-tree zap meets a page with two parents' worth of history. */
    public static final Scenario MIXED_ROOTS_ZAP = new Scenario("mixed-roots-zap", "maxphyaddr-4+5",
            "vCPU0 (4-level EPT) loads its root and faults gfn 0x0; vCPU1 (5-level EPT) loads its root, zaps the "
                    + "oldest page at the limit and faults gfn 0x0.",
            List.of(List.of(LOAD, fault(0)),
                    List.of(LOAD, zapOldest(1), fault(0))));

    /** Two vCPUs fault 2M apart in one 1G region: both must build the same level-3 and level-2 tables. */
    public static final Scenario TDP_ONE_REGION = new Scenario("tdp-two-vcpus-one-region", "tdp-root4",
            "One 4-level TDP MMU root. vCPU0 faults gfn 0x0 and vCPU1 gfn 0x200 under mmu_lock held for read: "
                    + "both find the root's entry and then the level-3 entry not present, and both build a table.",
            List.of(List.of(fault(0)),
                    List.of(fault(0x200))));

    /** Every scenario here, for listings. */
    public static List<Scenario> all() {
        return List.of(ZAP_OLDEST_REFAULT, SHRINK_REFAULT, ZAP_TWO_REGIONS, ZAP_SOAK, MIXED_ROOTS, MIXED_ROOTS_ZAP,
                TDP_ONE_REGION);
    }
}
