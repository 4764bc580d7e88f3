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
            Variant.mainline(this, "mainline", "mainline: cpa_lock + flush inside pgd_lock", "c0a759abf5a6 (v4.20)"),
            Variant.of(this, "2008", "2008: flush after pgd_lock release, under cpa_lock", "ad5ca55f6bdb",
                    SetMemory.class, Cpa2008::new),
            Variant.of(this, "2008-no-cpa-lock", "2008 order without cpa_lock", "ad5ca55f6bdb minus cpa_lock",
                    SetMemory.class, Cpa2008NoCpaLock::new),
            Variant.of(this, "no-cpa-lock", "mainline without cpa_lock (LPC 2022 patch)",
                    "\"x86/mm/cpa: get rid of the cpa lock\", 2022-12-22; 87y1qbjvrh.ffs@tglx",
                    SetMemory.class, NoCpaLock::new),
            Variant.of(this, "no-recheck", "split without the recheck under pgd_lock", "", SetMemory.class,
                    NoRecheck::new),
            Variant.of(this, "debug-pagealloc", "debug_pagealloc: no cpa_lock, local flush only", "",
                    SetMemory.class, DebugPagealloc::new));

    private final List<Operation> operations = List.of(
            new Operation("set_memory_ro", "page", "make the page read-only (CPA, then flush every CPU)",
                    (k, page) -> k.get(SetMemory.class).set_memory_ro(page)),
            new Operation("set_memory_rw", "page", "make the page writable",
                    (k, page) -> k.get(SetMemory.class).set_memory_rw(page)),
            new Operation("set_memory_nx", "page", "make the page non-executable",
                    (k, page) -> k.get(SetMemory.class).set_memory_nx(page)),
            new Operation("set_memory_4k", "page", "split whatever maps the page down to 4K, changing no attribute",
                    (k, page) -> k.get(SetMemory.class).set_memory_4k(page)),
            new Operation("set_direct_map_invalid_noflush", "page", "unmap the page; the caller flushes later",
                    (k, page) -> k.get(SetMemory.class).set_direct_map_invalid_noflush(page)),
            new Operation("set_direct_map_default_noflush", "page", "map the page again, no flush",
                    (k, page) -> k.get(SetMemory.class).set_direct_map_default_noflush(page)),
            new Operation("kernel_map_pages_off", "page", "debug_pagealloc: unmap, flush only this CPU",
                    (k, page) -> k.get(SetMemory.class).__kernel_map_pages(page, false)),
            new Operation("kernel_map_pages_on", "page", "debug_pagealloc: map again, flush only this CPU",
                    (k, page) -> k.get(SetMemory.class).__kernel_map_pages(page, true)),
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
        return Map.of(SetMemory.class, SetMemory::new);
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
     * so that concurrent changes never target the same page with different attributes.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("set_memory_ro", 0), new Op("set_memory_ro", 1), new Op("set_memory_4k", 0),
                new Op("touch", 1));
    }

    @Override
    public String proveLayout() {
        return "2m";
    }

    @Override
    public String proveAssumptions() {
        return "boot direct map: pages 0-511 and 512-1023 as two 2M leaves, RW NX; every TLB starts holding "
                + "every boot translation (the worst case); TLB fills at any moment (union semantics); "
                + "IPIs delivered in any order";
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
