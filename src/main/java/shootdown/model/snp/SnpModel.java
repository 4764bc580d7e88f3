package shootdown.model.snp;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** SEV-SNP host direct map and RMP: arch/x86/virt/svm/sev.c and arch/x86/kvm/svm/sev.c. */
public final class SnpModel implements Model {
    public static final SnpModel INSTANCE = new SnpModel();

    private SnpModel() {
    }

    @Override
    public String name() {
        return "snp";
    }

    @Override
    public List<String> variants() {
        return SnpVariant.names();
    }

    @Override
    public List<String> operations() {
        return SnpInstance.OPERATIONS;
    }

    /**
     * Frame 0 goes private (on two CPUs, two conversions in one 2M range of the direct map); its
     * neighbours in that range are page 2, a host page the host writes, and page 3, a host page
     * whose attributes another kernel user changes through CPA (a second splitter); and the
     * guest's first access to gfn 0x200 (2M-aligned: a 2M RMP entry, then the SIZEM fault and
     * PSMASH). No operation writes a frame another makes private, and making a frame private
     * twice is idempotent, so every mix is well-formed: a host write that faults is the mapping's
     * fault.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("rmp_make_private", 0), new Op("host_write", 2),
                new Op("set_memory_ro", 3), new Op("guest_access", GmemBinding.SLOT_START));
    }

    @Override
    public String proveLayout() {
        return "2m";
    }

    @Override
    public String proveAssumptions() {
        return "boot direct map: pages 0-511 and 512-1023 as two 2M leaves, RW NX, every frame hypervisor-owned "
                + "in the RMP; every TLB starts holding every boot translation (the worst case); TLB fills at any "
                + "moment; IPIs delivered in any order; the guest's memslot gfn 0x200-0x5ff in 2M folios, mapped "
                + "4K in the NPT; no frame made private is handed back (rmp_make_shared is outside the alphabet)";
    }

    @Override
    public ModelInstance newInstance(String variant, Scenario scenario, Sched sched) {
        return new SnpInstance(SnpVariant.parse(variant), scenario, sched);
    }
}
