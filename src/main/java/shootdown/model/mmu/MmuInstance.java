package shootdown.model.mmu;

import java.util.List;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Layout;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * A VM booted with one of the root layouts, each vCPU running {@link Mmu}. An operation's
 * "page" is the gfn for a fault and the page count for a zap or a shrink.
 */
final class MmuInstance extends AbstractModelInstance {
    static final List<Layout> LAYOUTS = List.of(
            new Layout("root4", "every vCPU on one shared 4-level shadow root"),
            new Layout("maxphyaddr-4+5", "vCPU0 needs 4-level and vCPU1 5-level EPT (different MAXPHYADDR), no root "
                    + "loaded yet"),
            new Layout("tdp-root4", "one 4-level TDP MMU root shared by every vCPU"),
            new Layout("direct-root4", "whichever of root4 and tdp-root4 the variant's MMU uses (for proofs over every "
                    + "variant)"));

    private final KvmArch kvm;

    MmuInstance(Variant variant, Scenario scenario, Sched sched) {
        super(variant, scenario, new MachineCore(scenario.cpus(), new long[0]), sched);
        this.kvm = machine.boot().attach(new KvmArch(machine));
        boot(scenario.layout());
    }

    private void boot(String layout) {
        boolean tdp = kernel(0, Mmu.class).tdp_mmu_enabled();
        int vcpus = scenario.cpus();
        switch (layout) {
            case "direct-root4" -> boot(tdp ? "tdp-root4" : "root4");
            case "root4" -> {
                requireTdp(tdp, false, layout);
                KvmMmuPage sp = kvm.alloc_shadow_page(0, MmuPageRole.direct(4), -1);
                sp.root_count = vcpus;
                for (int id = 0; id < vcpus; id++) kernel(id, Mmu.class).loadRoot(4, sp.id);
            }
            case "maxphyaddr-4+5" -> {
                requireTdp(tdp, false, layout);
                if (vcpus != 2) throw new IllegalArgumentException(layout + " needs exactly 2 vCPUs");
                kernel(0, Mmu.class).loadRoot(4, Mmu.INVALID_PAGE);
                kernel(1, Mmu.class).loadRoot(5, Mmu.INVALID_PAGE);
            }
            case "tdp-root4" -> {
                requireTdp(tdp, true, layout);
                // kvm_tdp_mmu_alloc_root(): one reference for the TDP MMU, one per vCPU.
                KvmMmuPage sp = kvm.alloc_tdp_page(0, MmuPageRole.direct(4), null, -1);
                sp.root_count = 1 + vcpus;
                for (int id = 0; id < vcpus; id++) kernel(id, Mmu.class).loadRoot(4, sp.id);
            }
            default -> throw new IllegalArgumentException("unknown mmu layout '" + layout + "'; known: "
                    + LAYOUTS.stream().map(Layout::name).toList());
        }
    }

    private void requireTdp(boolean tdp, boolean wanted, String layout) {
        if (tdp != wanted) {
            throw new IllegalArgumentException("layout '" + layout + "' is for " + (wanted ? "TDP MMU" : "shadow MMU")
                    + " variants; '" + variant.name() + "' is not one");
        }
    }

    /** The VM's MMU state, for measurements after a run has finished. */
    KvmArch kvm() {
        return kvm;
    }
}
