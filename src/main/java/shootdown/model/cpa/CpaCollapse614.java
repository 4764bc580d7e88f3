package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.LockRule;

/**
 * The collapse as merged in v6.14 (41d88484c71c, "x86/mm/pat: restore large ROX pages after
 * fragmentation"): {@code cpa_collapse_large_pages()} takes only {@code pgd_lock}, range by
 * range, and attribute changes take no init_mm lock. The 2026 fixes say the code before them
 * raced: an attribute change holding a pointer into a table the collapse frees, ptdump walking
 * one, and the paths that take {@code cpa_lock} but no init_mm lock.
 */
public class CpaCollapse614 extends SetMemory {
    @Override
    protected void change_page_attr_set_clr(CpaData cpa) {
        __change_page_attr_set_clr(cpa);
        flush_and_return(cpa);
    }

    @Override
    protected void cpa_collapse_large_pages(CpaData cpa) {
        __cpa_collapse_large_pages(cpa);
    }

    /** The collapse stores its large leaf without cpa_lock: no rule about it. */
    @Override
    protected List<LockRule> lockRules() {
        return List.of();
    }
}
