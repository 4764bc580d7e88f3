package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.Cpu;
import shootdown.machine.Footprint;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;
import shootdown.machine.PageSize;
import shootdown.machine.Prot;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** A machine booted with one of the direct-map layouts, each CPU running {@link SetMemory}. */
public final class CpaInstance extends AbstractModelInstance {
    static final List<String> OPERATIONS = List.of("set_memory_ro", "set_memory_rw", "set_memory_nx",
            "set_memory_4k", "set_direct_map_invalid_noflush", "set_direct_map_default_noflush",
            "kernel_map_pages_off", "kernel_map_pages_on", "touch");

    /** Boot layouts: the first 4 MiB of the direct map as two 2M leaves, as 4K leaves, or one 1G leaf. */
    static final List<String> LAYOUTS = List.of("2m", "4k", "1g");

    private final CpaVariant variant;
    private final Cpu[] cpus;
    private final SetMemory[] setMemory;

    CpaInstance(CpaVariant variant, Scenario scenario, Sched sched) {
        super(scenario, new MachineCore(scenario.cpus(), scenario.pages()));
        this.variant = variant;
        boot(machine, scenario.layout());
        machine.boot().fillTlbs();
        this.cpus = new Cpu[scenario.cpus()];
        this.setMemory = new SetMemory[scenario.cpus()];
        for (int id = 0; id < cpus.length; id++) {
            cpus[id] = new Cpu(id, machine, sched);
            setMemory[id] = new SetMemory(cpus[id], variant, true);
        }
    }

    public static void boot(MachineCore machine, String layout) {
        switch (layout) {
            case "2m" -> {
                machine.boot().map(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
                machine.boot().map(512, PageSize.SIZE_2M, Prot.KERNEL_RW);
            }
            case "4k" -> {
                for (long page = 0; page < 1024; page++) machine.boot().map(page, PageSize.SIZE_4K, Prot.KERNEL_RW);
            }
            case "1g" -> machine.boot().map(0, PageSize.SIZE_1G, Prot.KERNEL_RW);
            default -> throw new IllegalArgumentException("unknown cpa layout '" + layout + "'; known: " + LAYOUTS);
        }
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

    /** Where the variant takes cpa_lock, every store to the direct map is made under it. */
    @Override
    public List<LockRule> lockRules() {
        if (!variant.cpaLock() || variant.debugPagealloc()) return List.of();
        return List.of(new LockRule(Footprint.NOTHING.writesPageTables(), machine.boot().lock("cpa_lock")));
    }

    @Override
    public void run(int cpu, int index) {
        Op op = op(cpu, index);
        SetMemory kernel = setMemory[cpu];
        switch (op.name()) {
            case "set_memory_ro" -> kernel.set_memory_ro(op.page());
            case "set_memory_rw" -> kernel.set_memory_rw(op.page());
            case "set_memory_nx" -> kernel.set_memory_nx(op.page());
            case "set_memory_4k" -> kernel.set_memory_4k(op.page());
            case "set_direct_map_invalid_noflush" -> kernel.set_direct_map_invalid_noflush(op.page());
            case "set_direct_map_default_noflush" -> kernel.set_direct_map_default_noflush(op.page());
            case "kernel_map_pages_off" -> kernel.__kernel_map_pages(op.page(), false);
            case "kernel_map_pages_on" -> kernel.__kernel_map_pages(op.page(), true);
            case "touch" -> cpus[cpu].touch(op.page());
            default -> throw new IllegalArgumentException(
                    "unknown cpa operation '" + op.name() + "'; known: " + OPERATIONS);
        }
    }
}
