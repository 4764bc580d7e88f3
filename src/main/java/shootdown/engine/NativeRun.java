package shootdown.engine;

import shootdown.model.ModelInstance;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/** A model instance wired to a {@link NativeSched}: what Lincheck and jcstress run. */
public final class NativeRun {
    private NativeRun() {
    }

    public static ModelInstance create(Variant variant, Scenario scenario) {
        NativeSched sched = new NativeSched();
        ModelInstance instance = variant.model().newInstance(variant, scenario, sched);
        sched.attach(instance.machine());
        return instance;
    }
}
