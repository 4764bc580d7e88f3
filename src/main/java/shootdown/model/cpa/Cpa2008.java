package shootdown.model.cpa;

import shootdown.machine.Lookup;
import shootdown.machine.Pte;

/**
 * 2008, ad5ca55f6bdb (which added {@code cpa_lock}): the split's {@code flush_tlb_all()} runs
 * once {@code pgd_lock} is dropped, still under {@code cpa_lock}. c0a759abf5a6 (v4.20) moved it
 * inside {@code pgd_lock}.
 */
public class Cpa2008 extends SetMemory {
    @Override
    protected int __split_large_page(CpaData cpa, Lookup kpte, long address, int base) {
        cpu.spin_lock(pgd_lock);
        Lookup tmp = cpu.lookup_address(address);
        if (!tmp.kpte().equals(kpte.kpte())) {
            cpu.spin_unlock(pgd_lock);
            return 1;
        }
        cpu.split_set_ptes(base, tmp.value());
        cpu.__set_pmd_pte(kpte.kpte(), Pte.table(base), address);
        cpu.spin_unlock(pgd_lock);
        cpu.flush_tlb_all(); // after pgd_lock, before cpa_lock is dropped
        return 0;
    }
}
