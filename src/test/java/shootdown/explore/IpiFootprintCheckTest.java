package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.machine.Footprint;
import shootdown.machine.IpiWork;
import shootdown.machine.MachineCore;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;
import shootdown.model.mmu.Mmu;
import shootdown.model.mmu.MmuModel;
import shootdown.model.mmu.SilentRcuFree;
import shootdown.model.mmu.TdpEnabled;
import shootdown.model.mmu.TdpMmu;

/**
 * An IPI is a move of its own, taken by its target, and the footprint it carries (what the
 * sender's work says it does on that CPU) is checked there, as a step's is ({@link
 * FootprintCheckTest}). Planted: a {@code cpa_flush()} whose work says it touches nothing on the
 * CPUs it interrupts, while it flushes their TLBs. The sender's own share is declared
 * truthfully, so only the CPU taking the IPI can be caught.
 */
class IpiFootprintCheckTest {
    @Test
    void anIpiDeclaringNothingOnItsTargetIsCaughtWhereItIsTaken() {
        Variant silent = Variant.of(CpaModel.INSTANCE, "silent-flush", "cpa_flush(): IPI work that declares nothing "
                + "on the CPUs it interrupts", "planted", SetMemory.class, SilentFlush::new);
        FootprintExceeded e = assertThrows(FootprintExceeded.class,
                () -> FootprintCheckTest.search(silent, 2, 1, Planted.NONE));
        assertTrue(e.getMessage().matches("CPU\\d taking IPI \\d+ of CPU\\d touched more than its footprint declares: it .*TLB.*"),
                e.getMessage());
    }

    /** An RCU callback is taken as an IPI is, and checked where it runs; the message names it for what it is. */
    @Test
    void anRcuCallbackDeclaringNothingIsCaughtWhereItRuns() {
        Variant silent = Variant.of(MmuModel.INSTANCE, "silent-rcu-free", "tdp_mmu_free_sp_rcu_callback() that "
                + "declares nothing", "planted", Mmu.class, TdpEnabled::new).also(TdpMmu.class, SilentRcuFree::new);
        FootprintExceeded e = assertThrows(FootprintExceeded.class,
                () -> FootprintCheckTest.search(silent, 2, 1, Planted.NONE));
        assertTrue(e.getMessage().matches("CPU\\d taking RCU callback \\d+ of CPU\\d touched more than its footprint "
                + "declares: it .*"), e.getMessage());
    }

    /**
     * The IPI checked is the one taken: with three CPUs one flush interrupts two, and CPU2 may take
     * its IPI while CPU1's is still pending. The truthful flush passes the check, whichever goes first.
     */
    @Test
    void eachTargetIsCheckedAgainstItsOwnShare() {
        Variant mainline = CpaModel.INSTANCE.variant("mainline");
        Scenario scenario = new Scenario("one flush, two targets", "2m", "",
                ScenarioText.parseOps("CPU0: set_memory_4k(0x0) | CPU1: touch(0x1) | CPU2: touch(0x1)"));
        SnapshotSearch.Result r = new SnapshotSearch(Programs.of(mainline, scenario), false, false, true, Planted.NONE)
                .run(new Budget(2_000_000, 120_000), false);
        assertNull(r.violation());
        assertNull(r.stopReason(), "exhausted");
        assertTrue(r.states() > 50, r.states() + " states");
    }

    /** {@code cpa_flush()} sending {@code flush_tlb_one_kernel()} work whose footprint leaves out every other CPU. */
    public static final class SilentFlush extends SetMemory {
        @Override
        protected void cpa_flush(CpaData cpa) {
            IpiWork real = IpiWork.flushPages(cpa.pages());
            int sender = cpu.id();
            cpu.on_each_cpu(new IpiWork() {
                @Override public void run(MachineCore core, int target) { real.run(core, target); }
                @Override public String describe() { return real.describe(); }
                @Override public Footprint footprint(int target) {
                    return target == sender ? real.footprint(target) : Footprint.NOTHING;
                }
            });
        }
    }
}
