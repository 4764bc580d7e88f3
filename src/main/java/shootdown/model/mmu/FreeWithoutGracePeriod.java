package shootdown.model.mmu;

/**
 * {@code handle_removed_pt()} freeing the removed table at once, as it did before 7cca2d0b7e7d
 * ("KVM: x86/mmu: Protect TDP MMU page table memory with RCU"), when every TDP MMU walk held
 * {@code mmu_lock} for write. With faults under the read lock (a2855afc7ee8, which came after it)
 * a fault can still be walking the table: it reads freed memory (H7).
 */
public class FreeWithoutGracePeriod extends TdpMmu {
    @Override
    protected void handle_removed_pt(int pt) {
        for (Spte old_spte : tdp_mmu_unlink_sp_and_freeze(pt, Spte.FROZEN)) handle_changed_spte(old_spte, Spte.FROZEN);
        tdp_mmu_free_sp(pt, "removed, freed at once without a grace period");
    }
}
