package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/** Change page attribute: arch/x86/mm/pat/set_memory.c. */
public final class CpaModel implements Model {
    public static final CpaModel INSTANCE = new CpaModel();

    @Override
    public String name() {
        return "cpa";
    }

    @Override
    public List<String> variants() {
        return CpaVariant.all().stream().map(CpaVariant::id).toList();
    }

    @Override
    public List<String> operations() {
        return CpaInstance.OPERATIONS;
    }

    @Override
    public ModelInstance newInstance(String variant, Scenario scenario, Sched sched) {
        return new CpaInstance(variant(variant), scenario, sched);
    }

    static CpaVariant variant(String id) {
        return CpaVariant.all().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown cpa variant '" + id + "'; known: " + INSTANCE.variants()));
    }
}
