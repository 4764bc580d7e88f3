package shootdown.model.mmu;

import java.util.Arrays;
import java.util.List;
import shootdown.machine.Cpu;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * A VM booted with one of the root layouts, each vCPU running {@link Mmu}. An operation's
 * "page" is the gfn for a fault and the page count for a zap or a shrink.
 */
final class MmuInstance extends AbstractModelInstance {
    static final List<String> OPERATIONS = List.of("kvm_mmu_page_fault", "make_mmu_pages_available",
            "mmu_shrink_scan", "kvm_mmu_load");

    /**
     * Boot layouts: "root4", every vCPU on one shared 4-level root; "maxphyaddr-4+5", vCPU0 needs
     * 4-level and vCPU1 5-level EPT (different MAXPHYADDR), no root loaded yet; "tdp-root4", one
     * 4-level TDP MMU root shared by every vCPU; "direct-root4", whichever of "root4" and
     * "tdp-root4" the variant's MMU uses (one layout for proofs over every variant).
     */
    static final List<String> LAYOUTS = List.of("root4", "maxphyaddr-4+5", "tdp-root4", "direct-root4");

    private final KvmArch kvm;
    private final Mmu[] mmu;

    MmuInstance(MmuVariant variant, Scenario scenario, Sched sched) {
        super(scenario, new MachineCore(scenario.cpus(), new long[0]));
        this.kvm = machine.boot().attach(new KvmArch(machine));
        this.mmu = new Mmu[scenario.cpus()];
        int[] rootLevel = new int[scenario.cpus()];
        int[] root = new int[scenario.cpus()];
        boot(variant, scenario.layout(), rootLevel, root);
        for (int id = 0; id < mmu.length; id++) {
            mmu[id] = new Mmu(new Cpu(id, machine, sched), variant, rootLevel[id], root[id]);
        }
    }

    private void boot(MmuVariant variant, String layout, int[] rootLevel, int[] root) {
        switch (layout) {
            case "direct-root4" -> boot(variant, variant.tdp() ? "tdp-root4" : "root4", rootLevel, root);
            case "root4" -> {
                requireTdp(variant, false, layout);
                KvmMmuPage sp = kvm.alloc_shadow_page(0, MmuPageRole.direct(4), -1);
                sp.root_count = root.length;
                Arrays.fill(rootLevel, 4);
                Arrays.fill(root, sp.id);
            }
            case "maxphyaddr-4+5" -> {
                requireTdp(variant, false, layout);
                if (root.length != 2) throw new IllegalArgumentException(layout + " needs exactly 2 vCPUs");
                rootLevel[0] = 4;
                rootLevel[1] = 5;
                Arrays.fill(root, Mmu.INVALID_PAGE);
            }
            case "tdp-root4" -> {
                requireTdp(variant, true, layout);
                // kvm_tdp_mmu_alloc_root(): one reference for the TDP MMU, one per vCPU.
                KvmMmuPage sp = kvm.alloc_tdp_page(0, MmuPageRole.direct(4), null, -1);
                sp.root_count = 1 + root.length;
                Arrays.fill(rootLevel, 4);
                Arrays.fill(root, sp.id);
            }
            default -> throw new IllegalArgumentException("unknown mmu layout '" + layout + "'; known: " + LAYOUTS);
        }
    }

    private static void requireTdp(MmuVariant variant, boolean tdp, String layout) {
        if (variant.tdp() != tdp) {
            throw new IllegalArgumentException("layout '" + layout + "' is for " + (tdp ? "TDP MMU" : "shadow MMU")
                    + " variants; '" + variant.id() + "' is not one");
        }
    }



    /** The VM's MMU state, for measurements after a run has finished. */
    KvmArch kvm() {
        return kvm;
    }

    @Override
    public void run(int cpu, int index) {
        Op op = op(cpu, index);
        Mmu kernel = mmu[cpu];
        switch (op.name()) {
            case "kvm_mmu_page_fault" -> kernel.kvm_mmu_page_fault(op.page());
            case "make_mmu_pages_available" -> kernel.make_mmu_pages_available(op.page());
            case "mmu_shrink_scan" -> kernel.mmu_shrink_scan(op.page());
            case "kvm_mmu_load" -> kernel.kvm_mmu_load();
            default -> throw new IllegalArgumentException(
                    "unknown mmu operation '" + op.name() + "'; known: " + OPERATIONS);
        }
    }
}
