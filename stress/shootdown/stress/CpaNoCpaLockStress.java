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
 * Catalogue row CPA-3: mainline set_memory.c with cpa_lock removed, as the LPC 2022 patch
 * proposed. The race is expected; the campaign reports how often real threads hit it.
 */
@JCStressTest
@State
@Description("CPA-3, change_page_attr without cpa_lock (LPC 2022 patch, not merged). "
        + "Both CPUs start with the 2M direct-map entry of pages 0-511 in their TLBs. "
        + "CPU0 runs set_memory_ro(page 0): the 2M leaf must be split, so it fills a 4K table, "
        + "installs it under pgd_lock and calls flush_tlb_all() before dropping pgd_lock. "
        + "CPU1 runs set_memory_ro(page 1), then touches page 1. If CPU1 looks up page 1 after "
        + "the table is installed, it takes path (a): a lockless set_pte_atomic() of the 4K PTE, "
        + "without pgd_lock. When that store lands before the split's flush has reached a CPU, "
        + "the CPU can hold the old 2M read-write entry and a new 4K read-only entry for page 1: "
        + "two translations of one page that differ in attributes, undefined per Intel SDM 4.10.2 "
        + "(hazard H1). cpa_lock used to keep path (a) out until the flush was done "
        + "(Gleixner's reply, 87y1qbjvrh.ffs@tglx).")
@Outcome(id = "OK", expect = ACCEPTABLE,
        desc = "No hazard: CPU1's PTE store came before the split or after its flush reached every CPU.")
@Outcome(id = "H1_MIXED_SIZE_CONFLICT", expect = ACCEPTABLE_INTERESTING,
        desc = "The race: a CPU held a stale 2M entry and a differing 4K entry for one page (H1).")
@Outcome(expect = ACCEPTABLE_INTERESTING,
        desc = "A hazard other than H1 (see the hazard kind): not the documented race, worth a look "
                + "with the explorer on CPA-3.")
public class CpaNoCpaLockStress {
    final StressRun run = new StressRun("CPA-3");

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
