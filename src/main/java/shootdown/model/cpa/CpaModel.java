package shootdown.model.cpa;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import shootdown.machine.Sched;
import shootdown.model.KernelCode;
import shootdown.model.Layout;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Operation;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/** Change page attribute: arch/x86/mm/pat/set_memory.c. */
public final class CpaModel implements Model {
    public static final CpaModel INSTANCE = new CpaModel();

    private final List<Variant> variants = List.of(
            Variant.mainline(this, "mainline", "mainline (v7.3-rc1): cpa_lock + flush inside pgd_lock; collapse under "
                    + "init_mm's mmap lock and cpa_lock", "c0a759abf5a6 (v4.20); collapse 41d88484c71c (v6.14), July 2026 "
                    + "init_mm lock, 5fce67641a3e, 1aac65f3e651"),
            Variant.of(this, "2008", "2008: flush after pgd_lock release, under cpa_lock", "ad5ca55f6bdb",
                    SetMemory.class, Cpa2008::new),
            Variant.of(this, "2008-no-cpa-lock", "2008 order without cpa_lock", "ad5ca55f6bdb minus cpa_lock",
                    SetMemory.class, Cpa2008NoCpaLock::new),
            Variant.of(this, "no-cpa-lock", "mainline without cpa_lock (LPC 2022 patch)",
                    "\"x86/mm/cpa: get rid of the cpa lock\", 2022-12-22; 87y1qbjvrh.ffs@tglx",
                    SetMemory.class, NoCpaLock::new),
            Variant.of(this, "no-recheck", "split without the recheck under pgd_lock", "", SetMemory.class,
                    NoRecheck::new),
            Variant.of(this, "debug-pagealloc", "debug_pagealloc before 5fce67641a3e: no cpa_lock, local flush only",
                    "", SetMemory.class, DebugPagealloc::new),
            Variant.of(this, "debug-pagealloc-locked", "debug_pagealloc after 5fce67641a3e: cpa_lock taken, local "
                    + "flush only", "5fce67641a3e", SetMemory.class, DebugPageallocLocked::new),
            Variant.of(this, "collapse-v6.14", "collapse as merged: pgd_lock only, no init_mm lock",
                    "41d88484c71c (v6.14)", SetMemory.class, CpaCollapse614::new),
            Variant.of(this, "init-mm-lock", "collapse under init_mm's mmap lock (write), attribute changes under it "
                    + "(read); no cpa_lock in collapse", "July 2026 init_mm series (Fixes: 41d88484c71c), before "
                    + "1aac65f3e651", SetMemory.class, CpaInitMmLock::new));

    private final List<Operation> operations = List.of(
            new Operation("set_memory_ro", "page", "make the page read-only (CPA, then flush every CPU)",
                    (k, page) -> k.get(SetMemory.class).set_memory_ro(page)),
            new Operation("set_memory_rw", "page", "make the page writable",
                    (k, page) -> k.get(SetMemory.class).set_memory_rw(page)),
            new Operation("set_memory_nx", "page", "make the page non-executable",
                    (k, page) -> k.get(SetMemory.class).set_memory_nx(page)),
            new Operation("set_memory_rox", "page", "make the page read-only and executable, then collapse its 2M "
                    + "range back to a large leaf if every entry agrees",
                    (k, page) -> k.get(SetMemory.class).set_memory_rox(page)),
            new Operation("set_memory_4k", "page", "split whatever maps the page down to 4K and mark it 4K on purpose "
                    + "(_PAGE_KERNEL_4K), changing no attribute",
                    (k, page) -> k.get(SetMemory.class).set_memory_4k(page)),
            new Operation("set_direct_map_invalid_noflush", "page", "unmap the page; the caller flushes later",
                    (k, page) -> k.get(SetMemory.class).set_direct_map_invalid_noflush(page)),
            new Operation("set_direct_map_default_noflush", "page", "map the page again, no flush",
                    (k, page) -> k.get(SetMemory.class).set_direct_map_default_noflush(page)),
            new Operation("kernel_map_pages_off", "page", "debug_pagealloc: unmap, flush only this CPU",
                    (k, page) -> k.get(SetMemory.class).__kernel_map_pages(page, false)),
            new Operation("kernel_map_pages_on", "page", "debug_pagealloc: map again, flush only this CPU",
                    (k, page) -> k.get(SetMemory.class).__kernel_map_pages(page, true)),
            new Operation("ptdump_walk_pgd", "page", "ptdump's walk of the page's path under init_mm's mmap lock "
                    + "(write): the PMD entry, then inside the table it points at",
                    (k, page) -> k.get(Ptdump.class).ptdump_walk_pgd(page)),
            new Operation("kernel_page_present", "page", "a lockless lookup_address() of the page: the PMD entry, "
                    + "then inside the table it points at", (k, page) -> k.get(SetMemory.class).kernel_page_present(page)),
            new Operation("touch", "page", "a kernel access to the page through this CPU's TLB",
                    (k, page) -> k.cpu().touch(page)));

    private CpaModel() {
    }

    @Override
    public String name() {
        return "cpa";
    }

    @Override
    public String title() {
        return "change_page_attr: arch/x86/mm/pat/set_memory.c";
    }

    @Override
    public Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> kernelFiles() {
        return Map.of(SetMemory.class, SetMemory::new, Ptdump.class, Ptdump::new);
    }

    @Override
    public List<Variant> variants() {
        return variants;
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }

    @Override
    public List<Layout> layouts() {
        return CpaInstance.LAYOUTS;
    }

    /**
     * Pages 0 and 1 share one 2M leaf: a change to either needs the split. Two different pages
     * so that concurrent changes never target the same page with different attributes. In the
     * next 2M range, already split, {@code set_memory_rox(0x200)} makes every entry agree and
     * collapses it (allocating nothing, freeing the PTE table) while ptdump walks page 0x201 of it.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("set_memory_ro", 0), new Op("set_memory_ro", 1), new Op("set_memory_4k", 0),
                new Op("touch", 1), new Op("set_memory_rox", 0x200), new Op("ptdump_walk_pgd", 0x201));
    }

    @Override
    public String proveLayout() {
        return "2m+rox";
    }

    @Override
    public String proveAssumptions() {
        return "boot direct map: pages 0-511 as a 2M leaf, RW NX, pages 512-1023 as 4K leaves, RO X but page "
                + "0x200, RW NX; every TLB and paging-structure cache starts holding every boot entry of the "
                + "watched pages' walks (the worst case); they fill at any moment (union semantics); IPIs and "
                + "INVLPGB landings in any order";
    }

    /** set_memory.c keeps nothing between calls: each call's state is its own struct cpa_data. */
    @Override
    public boolean operationsIndependent() {
        return true;
    }

    /** No CPU's code depends on its number, and the machine has no devices. */
    @Override
    public boolean cpusInterchangeable() {
        return true;
    }

    @Override
    public ModelInstance newInstance(Variant variant, Scenario scenario, Sched sched) {
        return new CpaInstance(variant, scenario, sched);
    }
}
