package shootdown.engine;

import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/** A model instance wired to a {@link NativeSched}: what Lincheck and jcstress run. */
public final class NativeRun {
    private NativeRun() {
    }

    public static ModelInstance create(Model model, String variant, Scenario scenario) {
        NativeSched sched = new NativeSched();
        ModelInstance instance = model.newInstance(variant, scenario, sched);
        sched.attach(instance.machine());
        return instance;
    }
}
