/*
 * 02. Moving a flush out of a lock.
 *
 * The patch: in __split_large_page(), drop pgd_lock before flush_tlb_all(), as the 2008 code
 * did (c0a759abf5a6 later moved the flush inside). While cpa_lock is held across the whole
 * split, no other CPA can write a PTE between the install and the flush, so the order of the
 * unlock and the flush does not matter: the proof holds, and the certificate finds no outcome
 * that mainline does not reach.
 *
 * Run:    ./shootdown prove cpa --variant-file examples/02-flush-after-unlock/FlushAfterPgdUnlock.java --ops 2
 * Answer: PROVED
 * Run:    ./shootdown prove cpa --compare CPA-4 --variant-file examples/02-flush-after-unlock/FlushAfterPgdUnlock.java
 * Answer: ACCEPTED
 */
import shootdown.machine.Lookup;
import shootdown.machine.Pte;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.SetMemory;

/** The split's flush_tlb_all() after pgd_lock is dropped, still under cpa_lock. */
public class FlushAfterPgdUnlock extends SetMemory {
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
        cpu.flush_tlb_all(); // moved: after the unlock
        return 0;
    }
}
