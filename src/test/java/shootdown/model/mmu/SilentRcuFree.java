package shootdown.model.mmu;

import shootdown.machine.Footprint;
import shootdown.machine.MachineCore;
import shootdown.machine.RcuCallback;

/**
 * Planted: {@code handle_removed_pt()} queueing a {@code tdp_mmu_free_sp_rcu_callback()} that
 * declares it touches nothing, while it frees the table. Only the footprint check of the CPU
 * running the callback can catch it.
 */
public final class SilentRcuFree extends TdpMmu {
    @Override
    protected void handle_removed_pt(int pt) {
        for (Spte old_spte : tdp_mmu_unlink_sp_and_freeze(pt, Spte.FROZEN)) handle_changed_spte(old_spte, Spte.FROZEN);
        RcuCallback real = tdp_mmu_free_sp_rcu_callback(pt, cpu.id());
        cpu.call_rcu(new RcuCallback() {
            @Override public void invoke(MachineCore core) { real.invoke(core); }
            @Override public String describe() { return real.describe(); }
            @Override public Footprint footprint() { return Footprint.NOTHING; }
        });
    }
}
