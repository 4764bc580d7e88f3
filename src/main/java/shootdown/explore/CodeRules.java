package shootdown.explore;

import java.util.List;
import shootdown.machine.HazardException;
import shootdown.machine.RuleBroken;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * The check engines that run model code natively (Lincheck, jcstress) make after a run: each
 * CPU's code, run again alone on a fresh instance with the values its steps returned, must ask
 * for the same steps, as the explorer requires of every re-run. A broken rule is a
 * {@link RuleBroken} naming the step and the rule.
 */
public final class CodeRules {
    private CodeRules() {
    }

    /**
     * @param results    what CPU {@code cpu}'s steps returned, in order
     * @param signatures the steps it asked for
     * @param finished   true if the CPU ran all its operations (else it stopped at a hazard or was stopped)
     */
    public static void recheck(Variant variant, Scenario scenario, int cpu, Object[] results, long[] signatures,
                               boolean finished) {
        ReplaySched replay = new ReplaySched(cpu, results, signatures, false);
        ModelInstance fresh = variant.model().newInstance(variant, scenario, replay);
        List<Op> ops = scenario.opsPerCpu().get(cpu);
        try {
            for (int index = 0; index < ops.size(); index++) fresh.run(cpu, index);
        } catch (ReplaySched.Captured | HazardException e) {
            return; // it stopped where the first run stopped, or past it: nothing more to compare
        }
        if (finished) replay.checkFinished();
    }
}
