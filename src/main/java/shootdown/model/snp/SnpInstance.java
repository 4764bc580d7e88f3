package shootdown.model.snp;

import java.util.List;
import shootdown.machine.Cpu;
import shootdown.machine.MachineCore;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.machine.RmpEntry;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.cpa.CpaInstance;
import shootdown.model.cpa.SetMemory;

/**
 * A machine with the RMP, booted with one of the CPA direct-map layouts, each CPU running the
 * host side ({@link SvmSev}), the guest-fault side ({@link KvmSev}), host writes and CPA.
 */
final class SnpInstance extends AbstractModelInstance {
    static final List<String> OPERATIONS = List.of("rmp_make_private", "rmp_make_shared", "host_write",
            "write_if_present", "guest_access", "set_memory_ro", "touch", "local_irq_disable", "local_irq_enable");

    /** Layouts: a CPA layout, optionally {@code +guest-2m}: the guest's folio at 0x200 already private in one 2M RMP entry. */
    static final String GUEST_2M = "guest-2m";

    private final Cpu[] cpus;
    private final SetMemory[] setMemory;
    private final SvmSev[] svmSev;
    private final KvmSev[] kvmSev;
    private final HostWrites[] hostWrites;

    SnpInstance(SnpVariant variant, Scenario scenario, Sched sched) {
        super(scenario, new MachineCore(scenario.cpus(), scenario.pages()));
        boot(machine, variant, scenario.layout());
        this.cpus = new Cpu[scenario.cpus()];
        this.setMemory = new SetMemory[cpus.length];
        this.svmSev = new SvmSev[cpus.length];
        this.kvmSev = new KvmSev[cpus.length];
        this.hostWrites = new HostWrites[cpus.length];
        for (int id = 0; id < cpus.length; id++) {
            cpus[id] = new Cpu(id, machine, sched);
            setMemory[id] = new SetMemory(cpus[id], variant.cpa());
            svmSev[id] = new SvmSev(cpus[id], setMemory[id], variant.strategy());
            kvmSev[id] = new KvmSev(cpus[id], svmSev[id], variant.alignmentCheck());
            hostWrites[id] = new HostWrites(cpus[id]);
        }
    }

    private static void boot(MachineCore machine, SnpVariant variant, String layout) {
        String[] parts = layout.split("\\+");
        CpaInstance.boot(machine, parts[0]);
        machine.boot().fillTlbs();
        Rmp rmp = machine.boot().attach(new Rmp());
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].equals(GUEST_2M)) {
                throw new IllegalArgumentException("unknown snp layout part '" + parts[i] + "'; known: " + GUEST_2M);
            }
            rmp.bootAssign(GmemBinding.SLOT_START,
                    RmpEntry.privateTo(GmemBinding.ASID, GmemBinding.SLOT_START, PageSize.SIZE_2M));
        }
        if (variant.strategy() == DirectMapStrategy.PRESPLIT) presplit(machine, variant);
    }

    /**
     * SNP-6: when SNP is initialised, split the whole direct map (the 4 MiB the model has) to 4K
     * through CPA, before any guest runs; its flushes leave every TLB with 4K entries only.
     */
    private static void presplit(MachineCore machine, SnpVariant variant) {
        Cpu boot = new Cpu(0, machine, new BootSched());
        SetMemory set_memory = new SetMemory(boot, variant.cpa());
        for (long page = 0; page < 2 * PageSize.SIZE_2M.pages; page += PageSize.SIZE_2M.pages) {
            if (boot.lookup_address(page).level() != PageSize.SIZE_4K) set_memory.set_memory_4k(page);
        }
    }



    @Override
    public void run(int cpu, int index) {
        Op op = op(cpu, index);
        long page = op.page();
        switch (op.name()) {
            case "rmp_make_private" -> svmSev[cpu].rmp_make_private(page, page, PageSize.SIZE_4K, GmemBinding.ASID);
            case "rmp_make_shared" -> svmSev[cpu].rmp_make_shared(page, PageSize.SIZE_4K);
            case "host_write" -> hostWrites[cpu].host_write(page);
            case "write_if_present" -> hostWrites[cpu].write_if_present(page);
            case "guest_access" -> kvmSev[cpu].guest_access(page);
            case "set_memory_ro" -> setMemory[cpu].set_memory_ro(page);
            case "touch" -> cpus[cpu].touch(page);
            case "local_irq_disable" -> cpus[cpu].local_irq_disable();
            case "local_irq_enable" -> cpus[cpu].local_irq_enable();
            default -> throw new IllegalArgumentException(
                    "unknown snp operation '" + op.name() + "'; known: " + OPERATIONS);
        }
    }
}
