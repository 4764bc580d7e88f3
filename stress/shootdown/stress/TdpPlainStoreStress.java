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
 * Catalogue row TDP-2: the TDP MMU fault path under mmu_lock held for read, with
 * tdp_mmu_link_sp() publishing a new page table by a plain store instead of a cmpxchg. The
 * race is expected; the campaign reports how often real threads hit it.
 */
@JCStressTest
@State
@Description("TDP-2, TDP MMU link by plain store under mmu_lock held for read. One 4-level TDP root. "
        + "vCPU0 faults gfn 0x0 and vCPU1 gfn 0x200: both walk from the root, both may read the same "
        + "non-present SPTE, and each allocates a page table for it. With a plain store the second "
        + "store overwrites the first: handle_changed_spte() is told the stale non-present value the "
        + "iterator read, so the overwritten page table (and the leaf already installed in it) is "
        + "neither reachable nor freed, but still counted in tdp_mmu_pages (hazard H5). "
        + "Mainline uses try_cmpxchg64(): the loser frees its page and the vCPU re-faults (TDP-1).")
@Outcome(id = "OK", expect = ACCEPTABLE,
        desc = "No hazard: the vCPUs did not both see one SPTE non-present before either linked its table.")
@Outcome(id = "H5_LEAK", expect = ACCEPTABLE_INTERESTING,
        desc = "The race: a plain store overwrote the other vCPU's page table, which leaked (H5).")
@Outcome(expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard other than H5 (see the hazard kind): not the documented race, worth a look "
                + "with the explorer on TDP-2.")
public class TdpPlainStoreStress {
    final StressRun run = new StressRun("TDP-2");

    @Actor
    public void vcpu0() {
        run.cpu(0);
    }

    @Actor
    public void vcpu1() {
        run.cpu(1);
    }

    @Arbiter
    public void outcome(L_Result r) {
        r.r1 = run.outcome();
    }
}
