package shootdown.model.snp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.machine.Sched;
import shootdown.model.KernelCode;
import shootdown.model.Layout;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Operation;
import shootdown.model.Scenario;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;

/**
 * SEV-SNP host direct map and RMP: arch/x86/virt/svm/sev.c and arch/x86/kvm/svm/sev.c. A
 * variant is named {@code <base>} (mainline CPA) or {@code <base>+<cpa variant>}, e.g.
 * {@code merged+no-cpa-lock}: every direct-map change runs through the CPA model.
 */
public final class SnpModel implements Model {
    public static final SnpModel INSTANCE = new SnpModel();

    private final List<Variant> bases = List.of(
            Variant.mainline(this, "merged", "merged adjust_direct_map(): lookup_address(), then set_memory_4k() if "
                    + "larger than 4K; guest faults as mainline: sev_gmem_prepare() per folio, snp_rmptable_psmash() "
                    + "retrying FAIL_INUSE", "661b1c6169e2 (v6.9); 4f2e7aa1cfdf, c63cf135cc99 (v6.11)"),
            Variant.of(this, "seed001-prepare", "seed 001's guest faults: can_install_large_rmp_entry(), the gfn's own "
                    + "frame, one PSMASH", "seed 001", KvmSev.class, Seed001Prepare::new),
            Variant.of(this, "no-adjust", "no direct-map adjustment", "", SvmSev.class, NoAdjust::new),
            Variant.of(this, "rfc-v8", "RFC v8 invalidate_direct_map()/restore_direct_map(), cleanup always restores",
                    "RFC v8 (seed 004)", SvmSev.class, RfcV8::new),
            Variant.of(this, "rfc-v8-fixed", "RFC v8 design, restore only on failure", "", SvmSev.class,
                    RfcV8Fixed::new),
            Variant.of(this, "v6-split-noflush", "v6 series: the direct map split without flushing", "v6 (seed 000)",
                    SvmSev.class, V6SplitNoFlush::new),
            Variant.of(this, "presplit", "direct map pre-split to 4K at SNP init", "seed 000", SvmSev.class,
                    Presplit::new),
            Variant.of(this, "merged-no-align-check", "2M RMP entries without seed 001's alignment check", "seed 001",
                    KvmSev.class, NoAlignCheck::new),
            Variant.of(this, "merged-no-shortcut", "adjust_direct_map() always through set_memory_4k() (no lockless "
                    + "shortcut)", "", SvmSev.class, NoShortcut::new));

    private final List<Operation> operations = List.of(
            new Operation("rmp_make_private", "pfn", "make the frame private to the guest (adjusting the direct map "
                    + "first, as the variant does)", (k, pfn) -> k.get(SvmSev.class).rmp_make_private(pfn, pfn,
                    PageSize.SIZE_4K, GmemBinding.ASID)),
            new Operation("rmp_make_shared", "pfn", "hand the frame back to the host",
                    (k, pfn) -> k.get(SvmSev.class).rmp_make_shared(pfn, PageSize.SIZE_4K)),
            new Operation("host_write", "page", "a host kernel write through the direct map (RMP-checked)",
                    (k, page) -> k.get(HostWrites.class).host_write(page)),
            new Operation("write_if_present", "page", "a write guarded by kernel_page_present(), as hibernation's",
                    (k, page) -> k.get(HostWrites.class).write_if_present(page)),
            new Operation("guest_access", "gfn", "the guest's access to a private gfn, through its #NPF exits",
                    (k, gfn) -> k.get(KvmSev.class).guest_access(gfn)),
            new Operation("set_memory_ro", "page", "another kernel user's CPA on a host page",
                    (k, page) -> k.get(SetMemory.class).set_memory_ro(page)),
            new Operation("touch", "page", "a kernel access to the page through this CPU's TLB",
                    (k, page) -> k.cpu().touch(page)),
            new Operation("local_irq_disable", "unused", "disable interrupts on this CPU",
                    (k, unused) -> k.cpu().local_irq_disable()),
            new Operation("local_irq_enable", "unused", "enable interrupts on this CPU",
                    (k, unused) -> k.cpu().local_irq_enable()));

    private SnpModel() {
    }

    @Override
    public String name() {
        return "snp";
    }

    @Override
    public String title() {
        return "SEV-SNP host direct map and RMP: arch/x86/virt/svm/sev.c, arch/x86/kvm/svm/sev.c";
    }

    @Override
    public Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> kernelFiles() {
        return Map.of(SvmSev.class, SvmSev::new, KvmSev.class, KvmSev::new, HostWrites.class, HostWrites::new,
                SetMemory.class, SetMemory::new);
    }

    /** Each base with mainline CPA, then each base with each other CPA variant. */
    @Override
    public List<Variant> variants() {
        List<Variant> out = new ArrayList<>(bases);
        for (Variant base : bases) {
            for (Variant cpa : CpaModel.INSTANCE.variants()) {
                if (cpa.files().containsKey(SetMemory.class)) out.add(combine(base, cpa));
            }
        }
        return out;
    }

    @Override
    public Variant variant(String name) {
        int plus = name.indexOf('+');
        String baseName = plus < 0 ? name : name.substring(0, plus);
        Variant base = bases.stream().filter(b -> b.name().equals(baseName)).findFirst().orElse(null);
        if (base == null) {
            throw new IllegalArgumentException("unknown snp variant '" + name + "'; known: "
                    + bases.stream().map(Variant::name).toList() + ", each optionally followed by +<cpa variant> of "
                    + CpaModel.INSTANCE.variants().stream().map(Variant::name).toList());
        }
        return plus < 0 ? base : combine(base, CpaModel.INSTANCE.variant(name.substring(plus + 1)));
    }

    /** The SNP design of {@code base} over the CPA of {@code cpa}. */
    public static Variant combine(Variant base, Variant cpa) {
        if (!cpa.files().containsKey(SetMemory.class)) return base;
        @SuppressWarnings("unchecked")
        Supplier<? extends SetMemory> setMemory = (Supplier<? extends SetMemory>) cpa.files().get(SetMemory.class);
        return base.with(base.name() + "+" + cpa.name(), base.title() + ", CPA: " + cpa.title(), SetMemory.class,
                setMemory);
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }

    @Override
    public List<Layout> layouts() {
        return SnpInstance.LAYOUTS;
    }

    /**
     * Frame 0 goes private (on two CPUs, two conversions in one 2M range of the direct map); its
     * neighbours in that range are page 2, a host page the host writes, and page 3, a host page
     * whose attributes another kernel user changes through CPA (a second splitter); and the
     * guest's first accesses to gfn 0x200 (2M-aligned) and 0x301 (not aligned) of one 2M folio:
     * a 2M RMP entry made by whichever prepares the folio first (under its folio lock), then the
     * SIZEM fault and PSMASH, raced by two vCPUs. No operation writes a frame another makes
     * private, and making a frame private twice is idempotent, so every mix is well-formed: a
     * host write that faults is the mapping's fault.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("rmp_make_private", 0), new Op("host_write", 2),
                new Op("set_memory_ro", 3), new Op("guest_access", GmemBinding.SLOT_START),
                new Op("guest_access", GmemBinding.SLOT_START + 0x101));
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

    /**
     * CPUs are alike but for what the machine holds for each, which a renumbering renames: TLBs,
     * the CPA lock, interrupt flags, the RMPUPDATE a CPU has in flight ({@link Rmp}) and the folio
     * lock it holds ({@link GuestMemfd}). The code names only its own CPU (its TLB for a host
     * write, its update to finish, its folio to unlock), and no step returns a CPU's number.
     * SNP initialisation runs on CPU 0 at boot; it leaves only machine state behind, which is
     * renamed like the rest.
     */
    @Override
    public boolean cpusInterchangeable() {
        return true;
    }

    @Override
    public ModelInstance newInstance(Variant variant, Scenario scenario, Sched sched) {
        return new SnpInstance(variant, scenario, sched);
    }
}
