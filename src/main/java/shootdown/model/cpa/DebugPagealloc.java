package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.LockRule;

/**
 * A kernel booted with debug_pagealloc, before 5fce67641a3e: {@code cpa_lock} is not taken (the
 * test sits at every cpa_lock site, the collapse's included), and {@code __kernel_map_pages()}
 * flushes only the local TLB. The kernel then maps the direct map with 4K pages, where nothing
 * splits; a 2M leaf left in it is CPA-3's race.
 */
public class DebugPagealloc extends SetMemory {
    @Override
    protected boolean debug_pagealloc_enabled() {
        return true;
    }

    /** {@code if (!debug_pagealloc_enabled()) spin_lock(&cpa_lock);}, as every site read before 5fce67641a3e. */
    @Override
    protected void lock_cpa() {
        if (!debug_pagealloc_enabled()) cpu.spin_lock(cpa_lock);
    }

    @Override
    protected void unlock_cpa() {
        if (!debug_pagealloc_enabled()) cpu.spin_unlock(cpa_lock);
    }

    /** No cpa_lock, so no rule about it. */
    @Override
    protected List<LockRule> lockRules() {
        return List.of();
    }
}
