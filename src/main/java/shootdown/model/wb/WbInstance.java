package shootdown.model.wb;

import java.util.List;
import shootdown.machine.Caches;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * A host whose CPUs run one SEV guest's vCPUs and reclaim its memory. The layout names how
 * many guest frames are mapped at boot ({@code guest-N-frames}); the vCPUs are those the
 * scenario's operations name. Every cache starts clean and {@code have_run_cpus} empty. Op
 * pages name the vCPU for vCPU operations and the guest frame for {@code reclaim}.
 */
final class WbInstance extends AbstractModelInstance {
    /**
     * Guest entries of one {@code kvm_arch_vcpu_ioctl_run}. One: a vCPU re-enters by a second
     * run, and a flush can still land between the load and the entry. One suffices for every
     * race of the catalogue (WB-2 to WB-5 are refuted at 2 CPUs x 2 operations); two per run
     * doubles the states of a proof.
     */
    static final int ENTRIES_PER_RUN = 1;
    static final int ASID = 1;
    private static final java.util.Set<String> VCPU_OPS = java.util.Set.of("vcpu_load", "vcpu_load_ioctl",
            "vcpu_enter_guest", "vcpu_put", "kvm_arch_vcpu_ioctl_run");

    WbInstance(Variant variant, Scenario scenario, Sched sched) {
        super(variant, scenario, new MachineCore(scenario.cpus(), new long[0]), sched);
        int cpus = scenario.cpus();
        HostLayout host = HostLayout.of(scenario.layout());
        machine.boot().attach(new Caches(cpus));
        machine.boot().attach(new Kvms(host.boot(ASID, cpus)));
        machine.boot().attach(new Vcpus(vcpus(scenario, host), cpus));
        machine.boot().attach(new GuestMemory(host.frames));
        for (int id = 0; id < cpus; id++) {
            kernel(id, KvmMain.class).bindHost(host);
            kernel(id, Sev.class).bindHost(host);
        }
    }

    static int frames(String layout) {
        return HostLayout.of(layout).frames;
    }

    /** The vCPUs the operations name, and in a migration layout every vCPU of the source (the migration locks them). */
    private static int vcpus(Scenario scenario, HostLayout host) {
        int max = host.migration ? HostLayout.SOURCE_VCPUS - 1 : -1;
        for (List<Op> ops : scenario.opsPerCpu()) {
            for (Op op : ops) if (VCPU_OPS.contains(op.name())) max = Math.max(max, (int) op.page());
        }
        return max + 1;
    }
}
