/*
 * 04. A real fix: debug_pagealloc takes cpa_lock too (tip x86/mm, 5fce67641a3e, July 2026,
 *     "x86/mm/pat: Don't gate cpa_lock on debug_pagealloc_enabled()"; in v7.3-rc1).
 *
 * Before it, a kernel booted with debug_pagealloc took no cpa_lock, which is safe only while
 * its direct map is all 4K; with a 2M leaf left in it, __kernel_map_pages() and a CPA of a
 * neighbour race as in CPA-3 (row CPA-7-2M). The fix takes cpa_lock whatever the boot option.
 * The commit's message is not public here: the change is read from its title and the code.
 *
 * Run:    ./shootdown prove cpa --variant-file examples/04-debug-pagealloc-cpa-lock/DebugPageallocCpaLock.java --alphabet "kernel_map_pages_off(0x0),set_memory_ro(0x1),touch(0x1)" --ops 2
 * Answer: PROVED
 * Run:    ./shootdown prove cpa --compare examples/04-debug-pagealloc-cpa-lock/DebugPageallocCpaLock.java CPA-7-2M --alphabet "kernel_map_pages_off(0x0),set_memory_ro(0x1),touch(0x1)"
 * Answer: REJECTED, H1
 */
import shootdown.model.cpa.DebugPagealloc;

/** debug_pagealloc with cpa_lock no longer gated on debug_pagealloc_enabled(). */
public class DebugPageallocCpaLock extends DebugPagealloc {
    @Override
    protected void lock_cpa() {
        cpu.spin_lock(cpa_lock); // was: if (!debug_pagealloc_enabled()) spin_lock(&cpa_lock)
    }

    @Override
    protected void unlock_cpa() {
        cpu.spin_unlock(cpa_lock);
    }
}
