package shootdown.model.cpa;

import shootdown.machine.Lookup;
import shootdown.machine.Pte;

/**
 * A split without the recheck under {@code pgd_lock}: it trusts the large entry it saw before
 * {@code cpa_lock} was dropped for the allocation, so a second splitter installs its table over
 * the first one's. The recheck is what the kernel has always done; this is the mistake it guards.
 */
public class NoRecheck extends SetMemory {
    @Override
    protected int __split_large_page(CpaData cpa, Lookup kpte, long address, int base) {
        cpu.spin_lock(pgd_lock);
        cpu.split_set_ptes(base, kpte.value());
        cpu.__set_pmd_pte(kpte.kpte(), Pte.table(base), address);
        cpu.flush_tlb_all();
        cpu.spin_unlock(pgd_lock);
        return 0;
    }
}
