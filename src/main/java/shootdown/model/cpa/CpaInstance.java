package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.Boot;
import shootdown.machine.Footprint;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;
import shootdown.machine.PageSize;
import shootdown.machine.Prot;
import shootdown.machine.RwLock;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Layout;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/** A machine booted with one of the direct-map layouts, each CPU running {@link SetMemory}. */
public final class CpaInstance extends AbstractModelInstance {
    /**
     * Boot layouts: the first 4 MiB of the direct map as two 2M leaves, as 4K leaves, or one 1G
     * leaf; or a 2M leaf beside a 2M range already split to 4K that one {@code set_memory_rox()}
     * makes uniform, so that it collapses.
     */
    static final List<Layout> LAYOUTS = List.of(
            new Layout("2m", "pages 0-511 and 512-1023 as two 2M leaves, RW NX"),
            new Layout("4k", "pages 0-1023 as 4K leaves, RW NX (a debug_pagealloc kernel's direct map)"),
            new Layout("1g", "pages 0-1023 inside one 1G leaf, RW NX"),
            new Layout("2m+rox", "pages 0-511 as a 2M leaf, RW NX; pages 512-1023 as 4K leaves, RO X (text made "
                    + "ROX page by page) but page 0x200, RW NX: set_memory_rox(0x200) makes the range uniform, so "
                    + "it collapses into one 2M leaf"));

    CpaInstance(Variant variant, Scenario scenario, Sched sched) {
        super(variant, scenario, new MachineCore(scenario.cpus(), scenario.pages()), sched);
        boot(machine.boot(), scenario.layout()).fillTlbs();
        for (int cpu = 0; cpu < scenario.cpus(); cpu++) kernel(cpu, SetMemory.class).callsAreOperations();
    }

    public static Boot boot(Boot boot, String layout) {
        switch (layout) {
            case "2m" -> boot.map(0, PageSize.SIZE_2M, Prot.KERNEL_RW).map(512, PageSize.SIZE_2M, Prot.KERNEL_RW);
            case "4k" -> {
                for (long page = 0; page < 1024; page++) boot.map(page, PageSize.SIZE_4K, Prot.KERNEL_RW);
            }
            case "1g" -> boot.map(0, PageSize.SIZE_1G, Prot.KERNEL_RW);
            case "2m+rox" -> {
                boot.map(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
                boot.map(512, PageSize.SIZE_4K, Prot.KERNEL_RW);
                for (long page = 513; page < 1024; page++) boot.map(page, PageSize.SIZE_4K, Prot.KERNEL_ROX);
            }
            default -> throw new IllegalArgumentException("unknown cpa layout '" + layout + "'; known: "
                    + LAYOUTS.stream().map(Layout::name).toList());
        }
        return boot;
    }

    /**
     * A touch reads the live tables (H6) and TLBs (the mixed-size check looks at all of them). A
     * walker takes init_mm's lock and reads the tables, live or not, moving through them. Any
     * attribute change may take every lock, split (allocating and publishing a table), store
     * entries, flush every TLB by IPI or INVLPGB, collapse (scanning and freeing a table) and
     * return to its caller.
     */
    @Override
    public Footprint footprint(int cpu, int index) {
        Footprint walks = Footprint.NOTHING.readsPageTables().readsTablePool().writesWalkers();
        RwLock initMm = machine.boot().rwlock(SetMemory.INIT_MM_MMAP_LOCK);
        Footprint change = walks.writesLock(machine.boot().lock("cpa_lock")).writesLock(machine.boot().lock("pgd_lock"))
                .writesPageTables().writesTablePool().writesAllTlbs().writesAllIpis().readsAllIrqs();
        return switch (op(cpu, index).name()) {
            case "touch" -> Footprint.NOTHING.readsAllTlbs().readsPageTables();
            case "kernel_page_present" -> walks;
            case "ptdump_walk_pgd" -> walks.writesLock(initMm);
            // The collapse takes init_mm's lock for writing; other attribute changes for reading, __set_pages_np/p() not at all.
            case "set_memory_rox" -> change.writesLock(initMm);
            case "set_direct_map_invalid_noflush", "set_direct_map_default_noflush", "kernel_map_pages_off",
                    "kernel_map_pages_on" -> change;
            default -> change.readsLock(initMm);
        };
    }

    @Override
    public List<LockRule> lockRules() {
        return kernel(0, SetMemory.class).lockRules();
    }
}
