package shootdown.model.mmu;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
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
