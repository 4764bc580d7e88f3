package shootdown.model.wb;

import java.util.List;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * The small scenarios of the WB rows. A scenario CPU is a host CPU; its operations are what the
 * threads scheduled there do in turn: a vCPU thread in KVM_RUN ({@code vcpu_load}, guest entries,
 * {@code vcpu_put}), or a host thread reclaiming guest memory ({@code reclaim(gfn)}). Op pages
 * name the vCPU, or the guest frame for {@code reclaim}.
 */
public final class WbScenarios {
    private WbScenarios() {
    }

    private static Op op(String name, long page) {
        return new Op(name, page);
    }

    /** One vCPU keeps entering the guest while a host thread reclaims two frames in turn. */
    public static final Scenario VCPU_VS_TWO_RECLAIMS = new Scenario("vcpu-vs-two-reclaims", "guest-2-frames",
            "CPU0 runs vcpu0 in KVM_RUN: it enters the guest twice, each run writing every mapped frame. "
                    + "CPU1 reclaims gfn 0, then gfn 1. The second reclaim must still flush CPU0 if vcpu0 "
                    + "ran again after the first flush.",
            List.of(List.of(op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_enter_guest", 0),
                            op("vcpu_put", 0)),
                    List.of(op("reclaim", 0), op("reclaim", 1))));

    /** Two host threads reclaim at once after a vCPU ran. */
    public static final Scenario TWO_RECLAIMERS = new Scenario("two-reclaimers", "guest-2-frames",
            "CPU0 runs vcpu0 once (its cache then holds dirty lines of gfns 0 and 1) and puts it. "
                    + "CPU1 reclaims gfn 0 while CPU2 reclaims gfn 1. Neither may return before CPU0 wrote "
                    + "its lines back.",
            List.of(List.of(op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_put", 0)),
                    List.of(op("reclaim", 0)),
                    List.of(op("reclaim", 1))));

    /** Two vCPUs mark their CPUs in the same mask word at once; then one CPU reclaims. */
    public static final Scenario TWO_VCPUS_MARK = new Scenario("two-vcpus-mark", "guest-1-frames",
            "CPU0 runs vcpu0 once; CPU1 runs vcpu1 once, then a host thread on CPU1 reclaims gfn 0. "
                    + "Both CPUs set their bit in word 0 of have_run_cpus before VMRUN; the reclaim must "
                    + "flush both if both wrote the frame.",
            List.of(List.of(op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_put", 0)),
                    List.of(op("vcpu_load", 1), op("vcpu_enter_guest", 1), op("vcpu_put", 1), op("reclaim", 0))));

    /**
     * vcpu0 migrates from CPU0 to CPU1 while two reclaimers flush: the concurrent flushers of
     * TWO_RECLAIMERS, the re-entry of VCPU_VS_TWO_RECLAIMS and a migration, on three CPUs.
     */
    public static final Scenario MIGRATE_VS_TWO_RECLAIMERS = new Scenario("migrate-vs-two-reclaimers",
            "guest-2-frames",
            "CPU0 runs vcpu0 (two guest entries) and puts it; the scheduler then moves vcpu0 to CPU1, "
                    + "which loads it and enters the guest once more. Before that, a host thread on CPU1 "
                    + "reclaims gfn 0; meanwhile CPU2 reclaims gfn 1. Every reclaim must flush every CPU "
                    + "holding a dirty line of its frame.",
            List.of(List.of(op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_enter_guest", 0),
                            op("vcpu_put", 0)),
                    List.of(op("reclaim", 0), op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_put", 0)),
                    List.of(op("reclaim", 1))));

    /**
     * Two vCPUs on two CPUs and two reclaimers at once: the non-atomic marking race together
     * with concurrent flushers. Larger: used to push a bound further, not by a catalogue row.
     */
    public static final Scenario TWO_VCPUS_TWO_RECLAIMERS = new Scenario("two-vcpus-two-reclaimers",
            "guest-3-frames",
            "CPU0 runs vcpu0 (two guest entries); CPU1 runs vcpu1 once, puts it and reclaims gfn 0; "
                    + "CPU2 reclaims gfn 1, then gfn 2.",
            List.of(List.of(op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_enter_guest", 0),
                            op("vcpu_put", 0)),
                    List.of(op("vcpu_load", 1), op("vcpu_enter_guest", 1), op("vcpu_put", 1), op("reclaim", 0)),
                    List.of(op("reclaim", 1), op("reclaim", 2))));

    /**
     * The largest scenario explored for WB-6: two vCPUs, vcpu0 migrating to the CPU that ran
     * vcpu1 and reclaimed, and a second reclaimer; 13 operations on three CPUs.
     */
    public static final Scenario TWO_VCPUS_MIGRATE_VS_RECLAIMS = new Scenario("two-vcpus-migrate-vs-reclaims",
            "guest-3-frames",
            "CPU0 runs vcpu0 (two guest entries) and puts it. CPU1 runs vcpu1 once, puts it, reclaims "
                    + "gfn 0, then takes over vcpu0 and enters the guest once more. CPU2 reclaims gfn 1, "
                    + "then gfn 2.",
            List.of(List.of(op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_enter_guest", 0),
                            op("vcpu_put", 0)),
                    List.of(op("vcpu_load", 1), op("vcpu_enter_guest", 1), op("vcpu_put", 1), op("reclaim", 0),
                            op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_put", 0)),
                    List.of(op("reclaim", 1), op("reclaim", 2))));

    /**
     * A vCPU ioctl loads vcpu0 on CPU1 (wants_to_run false) while vcpu0 also runs on CPU0 in
     * KVM_RUN, one after the other, with a reclaim in between.
     */
    public static final Scenario IOCTL_LOAD_VS_RECLAIMS = new Scenario("ioctl-load-vs-reclaims", "guest-2-frames",
            "CPU0 runs vcpu0 in KVM_RUN (one guest entry) and puts it; CPU1 loads vcpu0 for a vCPU ioctl "
                    + "(wants_to_run false, no guest entry), puts it, then reclaims gfn 0 and gfn 1.",
            List.of(List.of(op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_put", 0),
                            op("vcpu_load", 0), op("vcpu_enter_guest", 0), op("vcpu_put", 0)),
                    List.of(op("vcpu_load_ioctl", 0), op("vcpu_put", 0), op("reclaim", 0), op("reclaim", 1))));

    public static List<Scenario> all() {
        return List.of(VCPU_VS_TWO_RECLAIMS, TWO_RECLAIMERS, TWO_VCPUS_MARK, MIGRATE_VS_TWO_RECLAIMERS,
                IOCTL_LOAD_VS_RECLAIMS, TWO_VCPUS_TWO_RECLAIMERS, TWO_VCPUS_MIGRATE_VS_RECLAIMS);
    }
}
