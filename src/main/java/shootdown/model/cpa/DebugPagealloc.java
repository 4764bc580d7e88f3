package shootdown.model.cpa;

/**
 * A kernel booted with debug_pagealloc: {@code cpa_lock} is not taken (the test sits at every
 * cpa_lock site), and {@code __kernel_map_pages()} flushes only the local TLB. The kernel then
 * maps the direct map with 4K pages, where nothing splits; a 2M leaf left in it is CPA-3's race.
 */
public class DebugPagealloc extends SetMemory {
    @Override
    protected boolean debug_pagealloc_enabled() {
        return true;
    }
}
