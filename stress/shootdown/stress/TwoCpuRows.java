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
 * Every selected catalogue row with two CPUs (and those with one, whose second actor idles: see
 * {@link RowPool#FEWEST_ACTORS}), on two hardware threads: each sample boots a fresh machine
 * for the next row in turn ({@link RowPool}) and each actor runs one CPU's operations. The result names the row and the hazard, graded as the row's documented verdict
 * demands ({@link StressGrade}): a hazard on a row documented safe is FORBIDDEN and fails the
 * run. jcstress runs a test only if the machine has a CPU for each actor.
 *
 * <p>How a row's sample goes, on CPA-3 (cpa_lock removed, as the LPC 2022 patch proposed): both
 * CPUs start with the 2M direct-map entry of pages 0-511 in their TLBs. CPU0 runs
 * set_memory_ro(page 0), which splits the 2M leaf: it fills a 4K table, installs it under
 * pgd_lock and calls flush_tlb_all() before dropping pgd_lock. CPU1 runs set_memory_ro(page 1),
 * then touches page 1. If CPU1 looks up page 1 after the table is installed, it takes path (a), a
 * lockless set_pte_atomic() of the 4K PTE without pgd_lock; when that store lands before the
 * split's flush has reached a CPU, the CPU may hold the old 2M read-write entry and the new 4K
 * read-only entry of page 1 (H1, undefined per Intel SDM 4.10.2). The machine's steps are atomic,
 * so the hardware threads race only between steps: how often a sample hits the window is what
 * the campaign reports, in hits per million samples.
 */
@JCStressTest
@State
@Description("Catalogue rows with two CPUs, and one (-Dshootdown.rows=ID,..., default all), one row per sample in turn; "
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
public class TwoCpuRows {
    final StressRun run = RowPool.forCpus(2).nextRun();

    @Actor
    public void cpu0() {
        if (run != null) run.cpu(0);
    }

    @Actor
    public void cpu1() {
        if (run != null) run.cpu(1);
    }

    @Arbiter
    public void outcome(L_Result r) {
        r.r1 = run == null ? "none" : run.result();
    }
}
