package shootdown.engine;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import shootdown.machine.HazardException;
import shootdown.machine.RuleBroken;
import shootdown.model.Variant;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/**
 * The class Lincheck tests. Each Lincheck invocation constructs one, which boots a fresh machine
 * for the row being checked; actor {@code op(cpu, i)} runs operation i of that CPU.
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
     * Set by the verifier at the first failure: only the replay after it records a trace
     * (recording is costly). Lincheck restores static fields written inside an invocation, so
     * this is written outside one.
     */
    static volatile boolean failed;
    /** The hazard of the first failing interleaving, kept by the verifier. */
    static volatile HazardException firstHazard;
    /** A rule the model code broke, found by the verifier's re-run: the check cannot be trusted. */
    static volatile RuleBroken ruleBroken;

    final ModelInstance instance;
    private final NativeRun.Run run;
    /** Per CPU: it ran its last operation to the end. */
    private final boolean[] finished;
    /** Per CPU: an operation of it raised a hazard. */
    private final boolean[] stopped;
    /** The hazard this invocation hit, if any. */
    volatile HazardException hazard;

    public LincheckHarness() {
        Target t = target;
        run = NativeRun.run(t.variant(), t.scenario());
        instance = run.instance();
        finished = new boolean[t.scenario().cpus()];
        stopped = new boolean[t.scenario().cpus()];
        if (failed) instance.machine().inspect().enableTrace();
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
            hazard = e;
            stopped[cpu] = true;
            throw e;
        }
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
            hazard = e;
            return false;
        }
    }
}
