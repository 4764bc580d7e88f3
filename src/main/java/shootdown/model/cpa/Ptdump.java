package shootdown.model.cpa;

import shootdown.machine.Lookup;
import shootdown.machine.Pte;
import shootdown.machine.RwLock;
import shootdown.model.KernelCode;

/**
 * mm/ptdump.c and mm/pagewalk.c as the x86 W+X check walks the kernel page tables
 * ({@code ptdump_walk_pgd_level_checkwx()} to {@code ptdump_walk_pgd(&st, &init_mm, pgd)}):
 * under init_mm's mmap lock for writing, a software walk that reads each upper entry and then
 * the table it points at. The model walks one address's path, the part of the walk that meets
 * a CPA of that address: the PMD entry, then the PTE inside the table it points at. Between the
 * two reads the walker is inside the table; a free of it then is H7.
 *
 * Older ptdump took the lock for reading; the verdicts are the same, as the collapse took no
 * init_mm lock before the 2026 fix and takes it for writing since.
 */
public class Ptdump extends KernelCode {
    protected RwLock init_mm;

    @Override
    protected void boot() {
        init_mm = cpu.rwlock(SetMemory.INIT_MM_MMAP_LOCK);
    }

    public void ptdump_walk_pgd(long addr) {
        cpu.write_lock(init_mm); // mmap_write_lock(mm), mm == &init_mm
        walk_pmd_range(addr);
        cpu.write_unlock(init_mm);
    }

    protected void walk_pmd_range(long addr) {
        Lookup pmd = cpu.pmd_offset(addr);
        if (!pmd.value().isTable()) {
            note_page(pmd.value());
            return;
        }
        walk_pte_range(pmd, addr);
    }

    protected void walk_pte_range(Lookup pmd, long addr) {
        note_page(cpu.read_pte(SetMemory.pte_offset_kernel(pmd, addr)));
    }

    /** What ptdump prints or checks for W+X; the model keeps nothing of it. */
    protected void note_page(Pte entry) {
    }
}
