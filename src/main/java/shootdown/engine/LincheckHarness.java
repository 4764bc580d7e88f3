package shootdown.engine;

import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import shootdown.machine.HazardException;
import shootdown.machine.RuleBroken;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * The class Lincheck tests. Each Lincheck invocation constructs one, which boots a fresh machine
 * for the row being checked; actor {@code op(cpu, i)} runs operation i of that CPU.
 *
 * <p>A hazard ends its CPU's work, as on every engine: Lincheck would go on with the thread's
 * next actor, so a CPU's later operations do nothing once one of them raised a hazard. The
 * other CPUs may then wait forever (for a lock the dead CPU holds, for it to take an IPI):
 * Lincheck reports that as a hung execution without calling the verifier, so the hazard is
 * kept here too, on the instance.
 */
@Param(name = "cpu", gen = IntGen.class, conf = "0:63")
@Param(name = "index", gen = IntGen.class, conf = "0:63")
public final class LincheckHarness {
    record Target(Variant variant, Scenario scenario) {
    }

    /** The row under check; set before Lincheck starts, read by each new instance. */
    static volatile Target target;
    /** The most recent instance: after a failure, the one Lincheck replayed the interleaving on. */
    static volatile LincheckHarness last;
    /**
     * The hazard of the first interleaving the verifier found incorrect. Lincheck restores
     * static fields written inside an invocation; the verifier runs outside one.
     */
    static volatile HazardException firstHazard;
    /** A rule the model code broke, found by the verifier's re-run: the check cannot be trusted. */
    static volatile RuleBroken ruleBroken;

    final ModelInstance instance;
    private final NativeRun.Run run;
    /** Per CPU: it ran its last operation to the end. */
    private final boolean[] finished;
    /** Per CPU: one of its operations raised a hazard, which ended its work. */
    private final boolean[] stopped;
    /** The first hazard this invocation hit, if any. */
    volatile HazardException hazard;

    public LincheckHarness() {
        Target t = target;
        run = NativeRun.run(t.variant(), t.scenario());
        instance = run.instance();
        finished = new boolean[t.scenario().cpus()];
        stopped = new boolean[t.scenario().cpus()];
        last = this;
    }

    /**
     * Operation {@code index} of CPU {@code cpu}. A CPU whose operation raised a hazard runs no
     * later one (the kernel would have oopsed): its recorded steps then end where the hazard
     * arose, as the re-run that checks them expects.
     */
    @Operation
    public void op(int cpu, int index) {
        if (stopped[cpu]) return;
        try {
            instance.run(cpu, index);
            if (index == instance.scenario().opsPerCpu().get(cpu).size() - 1) finished[cpu] = true;
        } catch (HazardException e) {
            stopped[cpu] = true;
            if (hazard == null) hazard = e;
            throw e;
        }
    }

    /** The machine steps this invocation took, as an explorer schedule (see {@link StepOrder}). */
    List<Integer> schedule() {
        return run.sched().order().schedule();
    }

    /** Each CPU's code, run again alone with its steps' values, asks for the same steps. */
    void recheck() {
        run.recheck(finished);
    }

    /** The final-state check, once every CPU has finished; false if it found a violation. */
    boolean quiescent() {
        try {
            instance.checkQuiescent();
            return true;
        } catch (HazardException e) {
            if (hazard == null) hazard = e;
            return false;
        }
    }
}
