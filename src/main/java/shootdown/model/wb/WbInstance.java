package shootdown.model.wb;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import shootdown.machine.Caches;
import shootdown.machine.Cpu;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * A host whose CPUs run one SEV guest's vCPUs and reclaim its memory. The layout names how
 * many guest frames are mapped at boot ({@code guest-N-frames}); the vCPUs are those the
 * scenario's operations name. Every cache starts clean and {@code have_run_cpus} empty.
 */
final class WbInstance extends AbstractModelInstance {
    static final List<String> OPERATIONS = List.of("vcpu_load", "vcpu_load_ioctl", "vcpu_enter_guest", "vcpu_put",
            "kvm_arch_vcpu_ioctl_run", "reclaim");
    /**
     * Guest entries of one {@code kvm_arch_vcpu_ioctl_run}. One: a vCPU re-enters by a second
     * run, and a flush can still land between the load and the entry. One suffices for every
     * race of the catalogue (WB-2 to WB-5 are refuted at 2 CPUs x 2 operations); two per run
     * doubles the states of a proof.
     */
    static final int ENTRIES_PER_RUN = 1;
    static final int ASID = 1;
    private static final Pattern LAYOUT = Pattern.compile("guest-(\\d+)-frames");

    private final KvmMain[] kvm;
    private final X86[] x86;

    WbInstance(WbVariant variant, Scenario scenario, Sched sched) {
        super(scenario, new MachineCore(scenario.cpus(), new long[0]));
        int cpus = scenario.cpus();
        machine.boot().attach(new Caches(cpus));
        machine.boot().attach(new KvmSevInfo(ASID, cpus));
        machine.boot().attach(new Vcpus(vcpus(scenario), cpus));
        machine.boot().attach(new GuestMemory(frames(scenario.layout())));
        this.kvm = new KvmMain[cpus];
        this.x86 = new X86[cpus];
        for (int id = 0; id < cpus; id++) {
            Cpu cpu = new Cpu(id, machine, sched);
            Sev sev = new Sev(cpu, variant, cpus);
            x86[id] = new X86(cpu, new Svm(cpu, sev, ASID));
            kvm[id] = new KvmMain(cpu, x86[id], sev, ASID);
        }
    }

    static int frames(String layout) {
        Matcher m = LAYOUT.matcher(layout);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown wb layout '" + layout + "'; known: guest-N-frames, e.g. guest-2-frames");
        }
        return Integer.parseInt(m.group(1));
    }

    private static int vcpus(Scenario scenario) {
        int max = -1;
        for (List<Op> ops : scenario.opsPerCpu()) {
            for (Op op : ops) if (!op.name().equals("reclaim")) max = Math.max(max, (int) op.page());
        }
        return max + 1;
    }



    /** Op pages name the vCPU for vCPU operations and the guest frame for {@code reclaim}. */
    @Override
    public void run(int cpu, int index) {
        Op op = op(cpu, index);
        int vcpu = (int) op.page();
        switch (op.name()) {
            case "vcpu_load" -> kvm[cpu].vcpu_load(vcpu, true);
            case "vcpu_load_ioctl" -> kvm[cpu].vcpu_load(vcpu, false);
            case "vcpu_enter_guest" -> x86[cpu].vcpu_enter_guest(vcpu);
            case "vcpu_put" -> kvm[cpu].vcpu_put(vcpu);
            case "kvm_arch_vcpu_ioctl_run" -> kvm[cpu].kvm_arch_vcpu_ioctl_run(vcpu, ENTRIES_PER_RUN);
            case "reclaim" -> kvm[cpu].kvm_mmu_notifier_invalidate_range_start(op.page());
            default -> throw new IllegalArgumentException(
                    "unknown wb operation '" + op.name() + "'; known: " + OPERATIONS);
        }
    }
}
