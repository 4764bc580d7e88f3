package shootdown.model.snp;

import java.util.List;
import shootdown.machine.Cpu;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.machine.RmpEntry;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.model.AbstractModelInstance;
import shootdown.model.CpuKernel;
import shootdown.model.Layout;
import shootdown.model.Scenario;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaInstance;

/**
 * A machine with the RMP, booted with one of the CPA direct-map layouts, each CPU running the
 * host side ({@link SvmSev}), the guest-fault side ({@link KvmSev}), host writes and CPA.
 */
final class SnpInstance extends AbstractModelInstance {
    /**
     * Layouts: a CPA layout, optionally {@code +guest-2m} (the guest's folio at 0x200 already
     * private in one 2M RMP entry) and {@code +gmem-4k} (guest_memfd hands out order-0 folios, as
     * mainline's does; without it the guest's memory is in 2M folios).
     */
    static final String GUEST_2M = "guest-2m";
    static final String GMEM_4K = "gmem-4k";
    static final List<Layout> LAYOUTS = List.of(
            new Layout("2m", "the CPA layout 2m, every frame hypervisor-owned; the guest's memory in 2M folios"),
            new Layout("4k", "the CPA layout 4k, every frame hypervisor-owned; the guest's memory in 2M folios"),
            new Layout("2m+" + GUEST_2M, "2m, and the guest's 2M folio at gfn/pfn 0x200 already private in one 2M RMP entry"),
            new Layout("2m+" + GMEM_4K, "2m, the guest's memory in order-0 folios (mainline guest_memfd: no 2M RMP "
                    + "entry arises)"),
            new Layout("4k+" + GMEM_4K, "4k, the guest's memory in order-0 folios"));

    SnpInstance(Variant variant, Scenario scenario, Sched sched) {
        super(variant, scenario, new MachineCore(scenario.cpus(), scenario.pages()), sched);
        String[] parts = scenario.layout().split("\\+");
        CpaInstance.boot(machine.boot(), parts[0]).fillTlbs();
        Rmp rmp = machine.boot().attach(new Rmp());
        machine.boot().attach(new GuestMemfd());
        GmemBinding gmem = GmemBinding.HUGE_FOLIOS;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals(GMEM_4K)) {
                gmem = GmemBinding.ORDER0_FOLIOS;
            } else if (parts[i].equals(GUEST_2M)) {
                rmp.bootAssign(GmemBinding.SLOT_START,
                        RmpEntry.privateTo(GmemBinding.ASID, GmemBinding.SLOT_START, PageSize.SIZE_2M));
            } else {
                throw new IllegalArgumentException("unknown snp layout part '" + parts[i] + "'; known: " + GUEST_2M
                        + ", " + GMEM_4K);
            }
        }
        for (int id = 0; id < scenario.cpus(); id++) kernel(id, KvmSev.class).bindGmem(gmem);
        // SNP initialisation runs on CPU 0 before any guest does.
        new CpuKernel(new Cpu(0, machine, new BootSched()), variant).get(SvmSev.class).snp_rmptable_init();
    }
}
