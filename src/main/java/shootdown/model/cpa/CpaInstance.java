package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.Boot;
import shootdown.machine.Footprint;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;
import shootdown.machine.PageSize;
import shootdown.machine.Prot;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Layout;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/** A machine booted with one of the direct-map layouts, each CPU running {@link SetMemory}. */
public final class CpaInstance extends AbstractModelInstance {
    /** Boot layouts: the first 4 MiB of the direct map as two 2M leaves, as 4K leaves, or one 1G leaf. */
    static final List<Layout> LAYOUTS = List.of(
            new Layout("2m", "pages 0-511 and 512-1023 as two 2M leaves, RW NX"),
            new Layout("4k", "pages 0-1023 as 4K leaves, RW NX (a debug_pagealloc kernel's direct map)"),
            new Layout("1g", "pages 0-1023 inside one 1G leaf, RW NX"));

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
            default -> throw new IllegalArgumentException("unknown cpa layout '" + layout + "'; known: "
                    + LAYOUTS.stream().map(Layout::name).toList());
        }
        return boot;
    }

    /**
     * A touch reads TLBs (the mixed-size check looks at all of them). Any attribute change may
     * take both locks, split (allocating and publishing a table), store entries, flush every TLB
     * by IPI and return to its caller.
     */
    @Override
    public Footprint footprint(int cpu, int index) {
        if (op(cpu, index).name().equals("touch")) return Footprint.NOTHING.readsAllTlbs();
        return Footprint.NOTHING.writesLock(machine.boot().lock("cpa_lock")).writesLock(machine.boot().lock("pgd_lock"))
                .writesPageTables().writesTablePool().writesAllTlbs().writesAllIpis().readsAllIrqs();
    }

    @Override
    public List<LockRule> lockRules() {
        return kernel(0, SetMemory.class).lockRules();
    }
}
