package shootdown.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Every selected catalogue row with three CPUs, on three hardware threads: each sample boots a
 * fresh machine for the next row in turn ({@link RowPool}) and each actor runs one CPU's
 * operations. The result names the row and the hazard, graded as the row's documented verdict
 * demands ({@link StressGrade}): a hazard on a row documented safe is FORBIDDEN and fails the
 * run. jcstress runs a test only if the machine has a CPU for each actor.
 */
@JCStressTest
@State
@Description("Catalogue rows with three CPUs (-Dshootdown.rows=ID,..., default all), one row per sample in turn; "
        + "the result is the row and its hazard, graded by the row's documented verdict.")
@Outcome(id = ".* OK", expect = ACCEPTABLE, desc = "No hazard in this sample of the row.")
@Outcome(id = ".* expected", expect = ACCEPTABLE_INTERESTING,
        desc = "The hazard the row documents (racy or buggy row): the race, hit on real threads.")
@Outcome(id = ".* other", expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard of another kind than the row's documented race: worth a look with the explorer.")
@Outcome(id = ".* open", expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard on a row kernel history leaves open: an answer to its question.")
@Outcome(id = ".* forbidden", expect = FORBIDDEN,
        desc = "A hazard on a row documented safe: a bug in the model, the machine or the documentation.")
@Outcome(id = ".* RULE_BROKEN", expect = FORBIDDEN,
        desc = "Model code broke a rule the engines rely on (run again alone, a CPU asked for other steps).")
@Outcome(id = "none", expect = ACCEPTABLE, desc = "No row of this many CPUs was selected: nothing ran.")
@Outcome(expect = FORBIDDEN, desc = "A result the harness never makes.")
public class ThreeCpuRows {
    final StressRun run = RowPool.forCpus(3).nextRun();

    @Actor
    public void cpu0() {
        if (run != null) run.cpu(0);
    }

    @Actor
    public void cpu1() {
        if (run != null) run.cpu(1);
    }

    @Actor
    public void cpu2() {
        if (run != null) run.cpu(2);
    }

    @Arbiter
    public void outcome(L_Result r) {
        r.r1 = run == null ? "none" : run.result();
    }
}
