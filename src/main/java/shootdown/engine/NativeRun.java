package shootdown.engine;

import shootdown.explore.CodeRules;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/** A model instance wired to a {@link NativeSched}: what Lincheck and jcstress run. */
public final class NativeRun {
    private NativeRun() {
    }

    public static ModelInstance create(Variant variant, Scenario scenario) {
        return run(variant, scenario).instance();
    }

    /** The instance and its scheduler, whose record {@link #recheck} holds the code to. */
    public record Run(ModelInstance instance, NativeSched sched, Variant variant) {
        /**
         * Runs each CPU's code again alone with the values its steps returned: it must ask for the
         * same steps ({@link CodeRules}). {@code finished[cpu]} says the CPU ran all its operations.
         */
        public void recheck(boolean[] finished) {
            for (int cpu = 0; cpu < instance.scenario().cpus(); cpu++) {
                CodeRules.recheck(variant, instance.scenario(), cpu, sched.results(cpu), sched.signatures(cpu),
                        finished[cpu]);
            }
        }
    }

    public static Run run(Variant variant, Scenario scenario) {
        NativeSched sched = new NativeSched();
        ModelInstance instance = variant.model().newInstance(variant, scenario, sched);
        sched.attach(instance.machine());
        return new Run(instance, sched, variant);
    }
}
