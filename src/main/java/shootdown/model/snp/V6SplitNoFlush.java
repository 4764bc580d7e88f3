package shootdown.model.snp;

import shootdown.machine.Lookup;
import shootdown.machine.Pte;
import shootdown.machine.SpinLock;

/**
 * The v6 series (seed 000): before unmapping, the large leaf is replaced by a 4K table under
 * pgd_lock and no TLB is flushed, so another CPU may keep using its 2M translation. CPA then
 * finds a 4K leaf (path (a)). v7 added the flush and "cratered performance".
 */
public class V6SplitNoFlush extends RfcV8Fixed {
    private SpinLock pgd_lock;

    @Override
    protected void boot() {
        super.boot();
        pgd_lock = cpu.lock("pgd_lock");
    }

    @Override
    protected int set_direct_map_invalid_noflush(long addr) {
        split_large_page_noflush(addr);
        return super.set_direct_map_invalid_noflush(addr);
    }

    /** Splits whatever large leaf maps {@code address} down to 4K; flushes nothing. */
    protected void split_large_page_noflush(long address) {
        while (true) {
            Lookup kpte = cpu.lookup_address(address);
            if (!kpte.value().isLarge()) return;
            int base = cpu.alloc_pages(kpte.level().smaller());
            cpu.spin_lock(pgd_lock);
            Lookup tmp = cpu.lookup_address(address);
            if (!tmp.kpte().equals(kpte.kpte())) {
                // Another CPU split it first.
                cpu.spin_unlock(pgd_lock);
                cpu.__free_page(base);
                continue;
            }
            cpu.split_set_ptes(base, tmp.value());
            cpu.__set_pmd_pte(kpte.kpte(), Pte.table(base), address);
            cpu.spin_unlock(pgd_lock);
        }
    }
}
