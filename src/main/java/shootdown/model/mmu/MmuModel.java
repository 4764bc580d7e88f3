package shootdown.model.mmu;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** The KVM MMU: arch/x86/kvm/mmu/mmu.c (shadow pages) and tdp_mmu.c. */
public final class MmuModel implements Model {
    public static final MmuModel INSTANCE = new MmuModel();

    private MmuModel() {
    }

    @Override
    public String name() {
        return "mmu";
    }

    @Override
    public List<String> variants() {
        return MmuVariant.all().stream().map(MmuVariant::id).toList();
    }

    @Override
    public List<String> operations() {
        return MmuInstance.OPERATIONS;
    }

    /**
     * Faults in two 1G regions (one level-3 page, two level-2 children under it), zap-oldest at
     * the page limit and the shrinker. Every vCPU shares one 4-level root, so vCPUs are
     * interchangeable; each operation takes mmu_lock itself, so any mix is well-formed. The
     * zaps find nothing to zap on the TDP MMU, whose pages are not on active_mmu_pages: the
     * TDP races are the faults'.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("kvm_mmu_page_fault", 0), new Op("kvm_mmu_page_fault", 0x40000),
                new Op("make_mmu_pages_available", 1), new Op("mmu_shrink_scan", 1));
    }

    @Override
    public String proveLayout() {
        return "direct-root4";
    }

    @Override
    public String proveAssumptions() {
        return "one 4-level direct root shared by every vCPU (a shadow page, or a TDP MMU root for the TDP "
                + "variants), loaded at boot; guest memory backed by 2M pages (every fault maps a 2M leaf); the page "
                + "limit is hit exactly where make_mmu_pages_available runs; no vCPU with another root level "
                + "(mixed 4- and 5-level roots, MMU-3, are outside this layout)";
    }

    @Override
    public ModelInstance newInstance(String variant, Scenario scenario, Sched sched) {
        return new MmuInstance(variant(variant), scenario, sched);
    }

    static MmuVariant variant(String id) {
        return MmuVariant.all().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown mmu variant '" + id + "'; known: " + INSTANCE.variants()));
    }
}
