package shootdown.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Catalogue row WB-5: pre_sev_run() marking the CPU with a non-atomic __cpumask_set_cpu(), as
 * proposed in August 2025 and rejected. The race is expected; the campaign reports how often
 * real threads hit it.
 */
@JCStressTest
@State
@Description("WB-5, SEV have_run_cpus set with the non-atomic __cpumask_set_cpu() in pre_sev_run(). "
        + "CPU0 runs vcpu0 and CPU1 runs vcpu1 of one SEV guest; each enters the guest once, and "
        + "before VMRUN sets its bit in word 0 of have_run_cpus with a plain load and a plain store. "
        + "Each guest run leaves dirty lines of the guest's frame in its CPU's cache. Then a host "
        + "thread on CPU1 reclaims the frame: sev_writeback_caches() flushes the CPUs of the mask. "
        + "If both CPUs loaded the word before either stored it, one bit is lost, that CPU is not "
        + "flushed, and the frame goes back to the host with its dirty lines still cached (hazard "
        + "H4). Sean Christopherson: 'Dropping atomicity could result in CPU's bit being lost.'")
@Outcome(id = "OK", expect = ACCEPTABLE,
        desc = "No hazard: the two read-modify-writes of the mask word did not overlap.")
@Outcome(id = "H4_DIRTY_CACHE_ON_RECLAIM", expect = ACCEPTABLE_INTERESTING,
        desc = "The race: a bit was lost and the reclaim returned while that CPU held dirty lines (H4).")
@Outcome(expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard other than H4 (see the hazard kind): not the documented race, worth a look "
                + "with the explorer on WB-5.")
public class WbNonAtomicMaskStress {
    final StressRun run = new StressRun("WB-5");

    @Actor
    public void cpu0() {
        run.cpu(0);
    }

    @Actor
    public void cpu1() {
        run.cpu(1);
    }

    @Arbiter
    public void outcome(L_Result r) {
        r.r1 = run.outcome();
    }
}
