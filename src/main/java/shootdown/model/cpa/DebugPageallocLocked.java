package shootdown.model.cpa;

/**
 * debug_pagealloc after 5fce67641a3e ("x86/mm/pat: Don't gate cpa_lock on
 * debug_pagealloc_enabled()", tip x86/mm July 2026, in v7.3-rc1): mainline on a kernel booted
 * with debug_pagealloc, which now takes {@code cpa_lock} at every site like any other. The
 * commit's message and diff are not public here; its title and the code before it say what it
 * changed: the {@code if (!debug_pagealloc_enabled())} in front of each site went away.
 */
public class DebugPageallocLocked extends SetMemory {
    @Override
    protected boolean debug_pagealloc_enabled() {
        return true;
    }
}
