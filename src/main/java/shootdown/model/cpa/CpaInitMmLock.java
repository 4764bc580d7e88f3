package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.LockRule;

/**
 * The July 2026 init_mm series ("x86/mm/pat: Acquire init_mm write lock on collapse to avoid
 * UAF", "... read lock on attribute changes to avoid UAF"; Fixes: 41d88484c71c; in 7.2.y
 * stable), before 1aac65f3e651: the collapse runs under init_mm's mmap lock for writing but
 * takes no {@code cpa_lock}. Paths that take no init_mm lock, {@code __set_pages_np/p()}
 * ({@code set_direct_map_*_noflush()}, debug_pagealloc), still meet it.
 */
public class CpaInitMmLock extends SetMemory {
    @Override
    protected void cpa_collapse_large_pages(CpaData cpa) {
        cpu.write_lock(init_mm);
        __cpa_collapse_large_pages(cpa);
        cpu.write_unlock(init_mm);
    }

    /** The collapse stores its large leaf without cpa_lock: no rule about it. */
    @Override
    protected List<LockRule> lockRules() {
        return List.of();
    }
}
