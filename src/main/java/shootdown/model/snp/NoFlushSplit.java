package shootdown.model.snp;

import shootdown.machine.Cpu;
import shootdown.machine.Lookup;
import shootdown.machine.Pte;
import shootdown.machine.SpinLock;

/**
 * The direct-map split of the v6 series as DOMAIN.md section 3 states it: the large leaf is
 * replaced by a 4K table under pgd_lock, and no TLB is flushed, so another CPU may keep using
 * its 2M translation. (CPA's own split flushes; this is the one place that does not.)
 */
final class NoFlushSplit {
    private final Cpu cpu;
    private final SpinLock pgd_lock;

    NoFlushSplit(Cpu cpu) {
        this.cpu = cpu;
        this.pgd_lock = cpu.lock("pgd_lock");
    }

    /** Splits whatever large leaf maps {@code address} down to 4K; flushes nothing. */
    void split_large_page_noflush(long address) {
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
