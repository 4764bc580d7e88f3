package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Op;
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

    /**
     * Pages 0 and 1 share one 2M leaf: a change to either needs the split. Two different pages
     * so that concurrent changes never target the same page with different attributes.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("set_memory_ro", 0), new Op("set_memory_ro", 1), new Op("set_memory_4k", 0),
                new Op("touch", 1));
    }

    @Override
    public String proveLayout() {
        return "2m";
    }

    @Override
    public String proveAssumptions() {
        return "boot direct map: pages 0-511 and 512-1023 as two 2M leaves, RW NX; every TLB starts holding "
                + "every boot translation (the worst case); TLB fills at any moment (union semantics); "
                + "IPIs delivered in any order";
    }

    /** set_memory.c keeps nothing between calls: each call's state is its own struct cpa_data. */
    @Override
    public boolean operationsIndependent() {
        return true;
    }

    /** No CPU's code depends on its number, and the machine has no devices. */
    @Override
    public boolean cpusInterchangeable() {
        return true;
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
