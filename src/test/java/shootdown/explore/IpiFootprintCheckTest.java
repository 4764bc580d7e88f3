package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.machine.Footprint;
import shootdown.machine.IpiWork;
import shootdown.machine.MachineCore;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;

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
