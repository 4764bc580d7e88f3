package shootdown.model.mmu;

/**
 * The TDP MMU linking a new page table with a plain store, as the write-locked path does, while
 * faults hold {@code mmu_lock} only for read: two vCPUs link over each other and the first
 * table leaks (TDP-2).
 */
public class PlainStoreLink extends TdpMmu {
    @Override
    protected int tdp_mmu_link_sp(Sptep sptep, Spte old_spte, int sp) {
        tdp_mmu_iter_set_spte(sptep, old_spte, Spte.nonleaf(sp));
        tdp_account_mmu_page(sp);
        return 0;
    }
}
