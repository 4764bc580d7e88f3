package shootdown.model.wb;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** SEV cache flush on reclaim: arch/x86/kvm/svm/sev.c, have_run_cpus and sev_writeback_caches(). */
public final class WbModel implements Model {
    public static final WbModel INSTANCE = new WbModel();

    private WbModel() {
    }

    @Override
    public String name() {
        return "wb";
    }

    @Override
    public List<String> variants() {
        return WbVariant.all().stream().map(WbVariant::id).toList();
    }

    @Override
    public List<String> operations() {
        return WbInstance.OPERATIONS;
    }

    /**
     * Whole KVM_RUN ioctls of two vCPUs (a vCPU run on two CPUs migrates between them) and
     * reclaims of two guest frames. A run loads its vCPU, enters the guest and puts it itself,
     * so no operation depends on another having run first; two vCPUs let two CPUs mark
     * the mask at once, two frames let a second reclaim follow a re-entry.
     */
    @Override
    public List<Op> proveAlphabet() {
        return List.of(new Op("kvm_arch_vcpu_ioctl_run", 0), new Op("kvm_arch_vcpu_ioctl_run", 1),
                new Op("reclaim", 0), new Op("reclaim", 1));
    }

    @Override
    public String proveLayout() {
        return "guest-2-frames";
    }

    @Override
    public String proveAssumptions() {
        return "one SEV guest (one ASID) with 2 guest frames mapped and 2 vCPUs; every cache clean and "
                + "have_run_cpus empty at boot; each guest entry writes every frame still mapped (the worst case); "
                + "a KVM_RUN enters the guest once (a vCPU re-enters by a second KVM_RUN); host CPUs = the CPUs of the "
                + "bound; IPIs taken in any order, never while a CPU runs the guest with interrupts off";
    }

    @Override
    public ModelInstance newInstance(String variant, Scenario scenario, Sched sched) {
        return new WbInstance(variant(variant), scenario, sched);
    }

    static WbVariant variant(String id) {
        return WbVariant.all().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown wb variant '" + id + "'; known: " + INSTANCE.variants()));
    }
}
