/*
 * 03. A split whose flush reaches only its own CPU.
 *
 * The patch: in __split_large_page(), replace flush_tlb_all() by __flush_tlb_all(), the local
 * flush, "since the other CPUs will flush when the change is done". The explorer finds the CPU
 * that still holds the 2M entry when path (a) writes the 4K PTE.
 *
 * Run:    ./shootdown prove cpa --variant-file examples/03-local-split-flush/LocalSplitFlush.java
 * Answer: REFUTED, H1
 * Run:    ./shootdown prove cpa --compare CPA-4 --variant-file examples/03-local-split-flush/LocalSplitFlush.java
 * Answer: REJECTED, H1
 */
import shootdown.machine.Lookup;
import shootdown.machine.Pte;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.SetMemory;

/** The large-page split flushes only the local TLB. */
public class LocalSplitFlush extends SetMemory {
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
        cpu.__flush_tlb_all(); // was flush_tlb_all(): every CPU
        cpu.spin_unlock(pgd_lock);
        return 0;
    }
}
