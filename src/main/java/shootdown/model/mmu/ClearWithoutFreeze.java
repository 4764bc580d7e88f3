package shootdown.model.mmu;

/**
 * {@code handle_removed_pt()} clearing the entries of a removed table with {@code xchg(sptep, 0)}
 * instead of freezing them, as the shared path did before e25f0e0cd51b ("KVM: x86/mmu: Mark
 * SPTEs in disconnected pages as removed"). Its message names the race: a fault that already
 * holds a pointer into the table installs a mapping in an entry that was just cleared, "memory
 * leaks and accounting errors".
 */
public class ClearWithoutFreeze extends TdpMmu {
    @Override
    protected void handle_removed_pt(int pt) {
        for (Spte old_spte : tdp_mmu_unlink_sp_and_freeze(pt, Spte.NOT_PRESENT)) {
            handle_changed_spte(old_spte, Spte.NOT_PRESENT);
        }
        cpu.call_rcu(tdp_mmu_free_sp_rcu_callback(pt, cpu.id()));
    }
}
