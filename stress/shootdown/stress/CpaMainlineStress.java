package shootdown.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Catalogue row CPA-4: mainline set_memory.c (cpa_lock, and the split's flush inside
 * pgd_lock since v4.20). No hazard may ever show up; one fails the build.
 */
@JCStressTest
@State
@Description("CPA-4, mainline change_page_attr. Both CPUs start with the 2M direct-map entry "
        + "of pages 0-511 in their TLBs. CPU0 runs set_memory_ro(page 0), which splits the 2M "
        + "leaf and flushes every TLB with flush_tlb_all() before dropping pgd_lock; CPU1 runs "
        + "set_memory_ro(page 1), then touches page 1. CPU1's path (a) store of the 4K PTE takes "
        + "no pgd_lock, but it runs under cpa_lock, which CPU0 holds from the moment it installs "
        + "the table until the flush has reached every CPU, so no CPU can hold the old 2M entry beside the "
        + "new read-only 4K entry (hazard H1), and no change can return with a stale TLB entry "
        + "left behind (H2). Compare CpaNoCpaLockStress, the same scenario without cpa_lock.")
@Outcome(id = "OK", expect = ACCEPTABLE,
        desc = "No hazard, and the final page tables hold both changes.")
@Outcome(expect = FORBIDDEN,
        desc = "A hazard (named by the result) in mainline: a bug in the model or in the machine, "
                + "since the kernel's locking is documented safe here. Replay CPA-4 with the explorer.")
public class CpaMainlineStress {
    final StressRun run = new StressRun("CPA-4");

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
