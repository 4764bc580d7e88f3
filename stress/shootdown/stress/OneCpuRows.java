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
 * Every selected catalogue row with one CPU, on a machine of one CPU (elsewhere they run in
 * {@link TwoCpuRows}, see {@link RowPool#FEWEST_ACTORS}): no interleaving to find, but a row's operations in
 * sequence can still break a rule of the kernel's (WB-10's leaked have_run_cpus, WB-11's double
 * free), and the row's safe fixes must never do so. Each sample boots a fresh machine for the
 * next row in turn ({@link RowPool}); the result is graded as in {@link TwoCpuRows}.
 */
@JCStressTest
@State
@Description("Catalogue rows with one CPU (-Dshootdown.rows=ID,..., default all), one row per sample in turn; "
        + "the result is the row and its hazard, graded by the row's documented verdict.")
@Outcome(id = ".* OK", expect = ACCEPTABLE, desc = "No hazard in this sample of the row.")
@Outcome(id = ".* expected", expect = ACCEPTABLE_INTERESTING,
        desc = "The hazard the row documents (racy or buggy row).")
@Outcome(id = ".* other", expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard of another kind than the row's documented one: worth a look with the explorer.")
@Outcome(id = ".* open", expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard on a row kernel history leaves open: an answer to its question.")
@Outcome(id = ".* forbidden", expect = FORBIDDEN,
        desc = "A hazard on a row documented safe: a bug in the model, the machine or the documentation.")
@Outcome(id = ".* RULE_BROKEN", expect = FORBIDDEN,
        desc = "Model code broke a rule the engines rely on (run again alone, a CPU asked for other steps).")
@Outcome(id = "none", expect = ACCEPTABLE, desc = "No row of one CPU was selected: nothing ran.")
@Outcome(expect = FORBIDDEN, desc = "A result the harness never makes.")
public class OneCpuRows {
    final StressRun run = RowPool.forCpus(1).nextRun();

    @Actor
    public void cpu0() {
        if (run != null) run.cpu(0);
    }

    @Arbiter
    public void outcome(L_Result r) {
        r.r1 = run == null ? "none" : run.result();
    }
}
