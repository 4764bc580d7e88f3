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
 * Catalogue row SNP-5: the v6 series' direct-map split without a TLB flush. The race is
 * expected; the campaign reports how often real threads hit it.
 */
@JCStressTest
@State
@Description("SNP-5, SEV-SNP rmp_make_private() with the v6 series' direct-map invalidation, whose split "
        + "is not flushed. Both CPUs start with the 2M direct-map entry of pages 0-511 in their TLBs. "
        + "CPU0 makes frame 0 private: it splits the 2M leaf to 4K under pgd_lock without "
        + "flush_tlb_all(), clears page 0's present bit with set_direct_map_invalid_noflush(), and "
        + "runs RMPUPDATE. CPU1, a host task, writes page 1, its own page in the same 2M range. CPU1 "
        + "was never made to drop its 2M translation, and the RMP checks a write through a 2M mapping "
        + "against every frame of that 2M range: once frame 0 is assigned, CPU1's write takes an RMP "
        + "#PF although frame 1 is the host's (hazard H3, seed 000).")
@Outcome(id = "OK", expect = ACCEPTABLE,
        desc = "No hazard: CPU1 wrote page 1 before RMPUPDATE made frame 0 private.")
@Outcome(id = "H3_RMP_FAULT", expect = ACCEPTABLE_INTERESTING,
        desc = "The race: CPU1 wrote through its stale 2M entry after frame 0 went private (H3).")
@Outcome(expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard other than H3 (see the hazard kind): not the documented race, worth a look "
                + "with the explorer on SNP-5.")
public class SnpNoSplitFlushStress {
    final StressRun run = new StressRun("SNP-5");

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
