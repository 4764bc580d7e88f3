package shootdown.model.wb;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/** SEV cache flush on reclaim: arch/x86/kvm/svm/sev.c, have_run_cpus and sev_writeback_caches(). */
public final class WbModel implements Model {
    public static final WbModel INSTANCE = new WbModel();

    private WbModel() {
    }

    @Override
    public String name() {
        return "wb";
    }

    @Override
    public List<String> variants() {
        return WbVariant.all().stream().map(WbVariant::id).toList();
    }

    @Override
    public List<String> operations() {
        return WbInstance.OPERATIONS;
    }

    @Override
    public ModelInstance newInstance(String variant, Scenario scenario, Sched sched) {
        return new WbInstance(variant(variant), scenario, sched);
    }

    static WbVariant variant(String id) {
        return WbVariant.all().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown wb variant '" + id + "'; known: " + INSTANCE.variants()));
    }
}
