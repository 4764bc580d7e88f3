package shootdown.model.mmu;

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

/** The KVM MMU: arch/x86/kvm/mmu/mmu.c (shadow pages) and tdp_mmu.c. */
public final class MmuModel implements Model {
    public static final MmuModel INSTANCE = new MmuModel();

    private final List<Variant> variants = List.of(
            Variant.mainline(this, "mainline", "shadow MMU: kvm_mmu_get_page() looks up (gfn, role) before allocating",
                    ""),
            Variant.of(this, "skip-lookup", "2020 proposal: skip the mmu_page_hash lookup below the root of a "
                    + "direct-only VM", "seed 003", Mmu.class, SkipLookup::new),
            Variant.of(this, "skip-lookup-zap-family", "2020 proposal plus zapping the entire family tree of a "
                    + "zapped page", "seed 003 (Sean Christopherson's review)", Mmu.class, SkipLookupZapFamily::new),
            Variant.of(this, "tdp-mainline", "TDP MMU under mmu_lock for read: cmpxchg link, the loser frees its page; "
                    + "zaps freeze removed tables and free them after an RCU grace period",
                    "a2855afc7ee8, e25f0e0cd51b, 7cca2d0b7e7d", Mmu.class, TdpEnabled::new),
            Variant.of(this, "tdp-plain-store", "TDP MMU under mmu_lock for read, linking with a plain store", "",
                    Mmu.class, TdpEnabled::new).also(TdpMmu.class, PlainStoreLink::new),
            Variant.of(this, "tdp-no-grace-period", "TDP MMU: handle_removed_pt() frees the removed table at once, "
                    + "no call_rcu()", "7cca2d0b7e7d (the code before it)", Mmu.class, TdpEnabled::new)
                    .also(TdpMmu.class, FreeWithoutGracePeriod::new),
            Variant.of(this, "tdp-no-freeze", "TDP MMU: handle_removed_pt() clears the removed table's entries "
                    + "(xchg to 0) instead of freezing them", "e25f0e0cd51b (the code before it)", Mmu.class,
                    TdpEnabled::new).also(TdpMmu.class, ClearWithoutFreeze::new));

    private final List<Operation> operations = List.of(
            new Operation("kvm_mmu_page_fault", "gfn", "an EPT violation on the gfn: load the root, map a 2M leaf",
                    (k, gfn) -> k.get(Mmu.class).kvm_mmu_page_fault(gfn)),
            new Operation("make_mmu_pages_available", "pages", "at the page limit: zap that many oldest pages",
                    (k, n) -> k.get(Mmu.class).make_mmu_pages_available(n)),
            new Operation("mmu_shrink_scan", "pages", "the shrinker: zap up to that many pages",
                    (k, n) -> k.get(Mmu.class).mmu_shrink_scan(n)),
            new Operation("kvm_mmu_load", "unused", "load this vCPU's root if it has none",
                    (k, unused) -> k.get(Mmu.class).kvm_mmu_load()),
            new Operation("kvm_tdp_mmu_zap_invalidated_roots", "unused", "the fast zap's second half: zap every page "
                    + "table below the TDP MMU root under mmu_lock for read (nothing on the shadow MMU)",
                    (k, unused) -> k.get(Mmu.class).kvm_tdp_mmu_zap_invalidated_roots()));

    private MmuModel() {
    }

    @Override
    public String name() {
        return "mmu";
    }

    @Override
    public String title() {
        return "KVM MMU: arch/x86/kvm/mmu/mmu.c (shadow pages) and tdp_mmu.c";
    }

    @Override
    public Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> kernelFiles() {
        return Map.of(Mmu.class, Mmu::new, TdpMmu.class, TdpMmu::new);
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
        return MmuInstance.LAYOUTS;
    }

    /**
     * Faults in two 1G regions (one level-3 page, two level-2 children under it), zap-oldest at
     * the page limit, the shrinker, and the TDP MMU's zap of the root under mmu_lock for read.
     * Every vCPU shares one 4-level root (no fault depends on which vCPU takes it); each operation takes
     * mmu_lock (and RCU) itself, so any mix is well-formed. Zap-oldest and the shrinker find
     * nothing to zap on the TDP MMU, whose pages are not on active_mmu_pages, and the TDP zap
     * nothing on the shadow MMU: each MMU's races are its faults' against its own zaps.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("kvm_mmu_page_fault", 0), new Op("kvm_mmu_page_fault", 0x40000),
                new Op("make_mmu_pages_available", 1), new Op("mmu_shrink_scan", 1),
                new Op("kvm_tdp_mmu_zap_invalidated_roots", 0));
    }

    @Override
    public String proveLayout() {
        return "direct-root4";
    }

    @Override
    public String proveAssumptions() {
        return "one 4-level direct root shared by every vCPU (a shadow page, or a TDP MMU root for the TDP "
                + "variants), loaded at boot; guest memory backed by 2M pages (every fault maps a 2M leaf); the page "
                + "limit is hit exactly where make_mmu_pages_available runs; no vCPU with another root level "
                + "(mixed 4- and 5-level roots, MMU-3, are outside this layout); the TDP zap keeps the root (no root "
                + "invalidation, reload or yield: faults in flight keep walking it); RCU callbacks run at any moment "
                + "after their grace period";
    }

    /**
     * vCPUs run on CPUs that are alike but for what the machine holds for each, which a
     * renumbering renames: lock holders (mmu_lock), RCU read sections and the callbacks each
     * queued. The code names only its own CPU (its read section, the callback it queues), steps
     * return page ids and SPTEs, never a CPU's number, and {@link KvmArch} names no CPU in its
     * state. Each vCPU's root is code state the state key does not hold, so the CPUs are
     * interchangeable only where every vCPU boots with the same root.
     */
    @Override
    public boolean cpusInterchangeable() {
        return true;
    }

    /** Not from maxphyaddr-4+5: vCPU0 has a 4-level root and vCPU1 a 5-level one. */
    @Override
    public boolean cpusInterchangeable(Variant variant, String layout) {
        return !layout.equals("maxphyaddr-4+5");
    }

    @Override
    public ModelInstance newInstance(Variant variant, Scenario scenario, Sched sched) {
        return new MmuInstance(variant, scenario, sched);
    }
}
