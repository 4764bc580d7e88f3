package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Models;
import shootdown.machine.Device;
import shootdown.machine.Fingerprint;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;
import shootdown.model.KernelCode;
import shootdown.model.Layout;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Operation;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.snp.SnpModel;

/**
 * CPU symmetry, checked rather than trusted. Where a model declares a variant's CPUs
 * interchangeable, permuting which CPU runs what must reach the same states up to renaming
 * ({@link CpuSymmetryCheck}); where it declares them not interchangeable, the check must see why;
 * and a device planted to forget renaming is caught. The permutation check needs a boot state
 * that is itself symmetric; snp's presplit boots asymmetric (CPU 0 splits the direct map and
 * returns the change), which symmetry allows (renaming never depends on how the state was
 * reached), so it is checked by the agreement of the two searches only.
 */
class CpuSymmetryTest {

    /** Scenarios whose CPUs do different things, so that a permutation moves something. */
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(delimiter = ';', value = {
            "wb; sticky-mask; migrate-guest-2-frames; CPU0: kvm_arch_vcpu_ioctl_run(0) | CPU1: reclaim(0) | CPU2: kvm_arch_vcpu_ioctl_run(1)",
            "wb; sticky-mask; migrate-guest-2-frames; CPU0: kvm_arch_vcpu_ioctl_run(0), reclaim(1) | CPU1: kvm_arch_vcpu_ioctl_run(0)",
            "wb; sticky-mask; migrate-guest-2-frames; CPU0: sev_vm_move_enc_context_from(0) | CPU1: kvm_arch_vcpu_ioctl_run(1) | CPU2: reclaim(0)",
            "wb; non-atomic-set; guest-1-frames; CPU0: kvm_arch_vcpu_ioctl_run(0) | CPU1: kvm_arch_vcpu_ioctl_run(1) | CPU2: reclaim(0)",
            "wb; wbinvd-all-cpus; guest-1-frames; CPU0: kvm_arch_vcpu_ioctl_run(0) | CPU1: reclaim(0)",
            "wb; migrate-writeback-after-clear; migrate-guest-1-frames; CPU0: sev_vm_move_enc_context_from(0) | CPU1: kvm_arch_vcpu_ioctl_run(0)",
            "snp; merged; 2m; CPU0: rmp_make_private(0) | CPU1: host_write(2) | CPU2: set_memory_ro(3)",
            "snp; merged; 2m; CPU0: guest_access(0x200) | CPU1: guest_access(0x301)",
            "snp; merged; 2m; CPU0: rmp_make_private(0) | CPU1: local_irq_disable(0), host_write(2)",
            "mmu; mainline; direct-root4; CPU0: kvm_mmu_page_fault(0) | CPU1: make_mmu_pages_available(1) | CPU2: kvm_mmu_page_fault(0x40000)",
            "mmu; tdp-no-grace-period; direct-root4; CPU0: kvm_mmu_page_fault(0) | CPU1: kvm_tdp_mmu_zap_invalidated_roots(0)",
            "cpa; mainline; 2m; CPU0: set_memory_ro(0x0) | CPU1: touch(0x1) | CPU2: set_memory_4k(0x1)"})
    void interchangeableCpusReachTheSameStatesWhicheverRunsWhat(String modelName, String variantName, String layout,
                                                                 String ops) throws Exception {
        Model model = Models.named(modelName);
        Variant variant = model.variant(variantName);
        assertTrue(model.cpusInterchangeable(variant, layout), variantName + " is declared interchangeable");
        Scenario scenario = new Scenario("symmetry", layout, "", ScenarioText.parseOps(ops));
        assertNull(CpuSymmetryCheck.firstAsymmetry(variant, scenario));
    }

    /** Why some variants and layouts are not declared interchangeable: the check sees it too. */
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(delimiter = ';', value = {
            // vCPU0 boots with a 4-level root, vCPU1 with a 5-level one: which CPU loads first matters
            "mmu; mainline; maxphyaddr-4+5; CPU0: kvm_mmu_load(0) | CPU1: kvm_mmu_page_fault(0)",
            // the flush clears the mask's CPUs lowest first
            "wb; test-and-clear; guest-1-frames; CPU0: reclaim(0) | CPU1: kvm_arch_vcpu_ioctl_run(0) | CPU2: kvm_arch_vcpu_ioctl_run(1)"})
    void cpusNotDeclaredInterchangeableAreNot(String modelName, String variantName, String layout, String ops)
            throws Exception {
        Model model = Models.named(modelName);
        Variant variant = model.variant(variantName);
        assertFalse(model.cpusInterchangeable(variant, layout));
        Scenario scenario = new Scenario("asymmetry", layout, "", ScenarioText.parseOps(ops));
        assertNotNull(CpuSymmetryCheck.firstAsymmetry(variant, scenario));
    }

    /** A device that holds per-CPU state and forgets to rename it is caught; the same device renaming is not. */
    @Test
    void aDeviceThatForgetsToRenameCpusIsCaught() throws Exception {
        Scenario scenario = new Scenario("planted", "2m", "",
                ScenarioText.parseOps("CPU0: local_irq_disable(0), touch(0x2) | CPU1: touch(0x2)"));
        assertNull(CpuSymmetryCheck.firstAsymmetry(PlantedModel.variant(true), scenario));
        String caught = CpuSymmetryCheck.firstAsymmetry(PlantedModel.variant(false), scenario);
        assertNotNull(caught, "a device that numbers CPUs as they are numbered is caught");
    }

    /**
     * The symmetric search and the numbered one (each CPU itself) over a whole bound: the same
     * verdict, the same hazard kinds, the same final outcomes up to renaming (each outcome the
     * symmetric search reaches is one the numbered search reaches, and they reach outcomes of the
     * same orbits), and no more states.
     */
    @ParameterizedTest(name = "{0} {1} at {2}x{3}")
    @CsvSource({"wb, sticky-mask, 2, 1", "wb, non-atomic-set, 2, 1", "wb, migrate-no-source-writeback, 2, 1",
            "wb, wbinvd-all-cpus, 2, 1", "snp, merged, 2, 1", "snp, presplit, 2, 1", "snp, v6-split-noflush, 2, 1",
            "mmu, mainline, 2, 1", "mmu, mainline, 2, 2", "mmu, tdp-no-grace-period, 2, 1", "mmu, skip-lookup, 2, 1"})
    void symmetricAndNumberedSearchesAgree(String modelName, String variantName, int cpus, int ops) throws Exception {
        assertSymmetricAndNumberedAgree(modelName, variantName, cpus, ops);
    }

    @Tag("deep") // about 12 s
    @ParameterizedTest(name = "{0} {1} at {2}x{3}")
    @CsvSource({"wb, sticky-mask, 2, 2", "wb, sticky-mask, 3, 1", "mmu, mainline, 3, 1"})
    void symmetricAndNumberedSearchesAgreeInLargerSpaces(String modelName, String variantName, int cpus, int ops)
            throws Exception {
        assertSymmetricAndNumberedAgree(modelName, variantName, cpus, ops);
    }

    private static void assertSymmetricAndNumberedAgree(String modelName, String variantName, int cpus, int ops)
            throws Exception {
        Model model = Models.named(modelName);
        Variant variant = model.variant(variantName);
        assertTrue(model.cpusInterchangeable(variant, model.proveLayout()));
        SymmetryAgreement.check(variant, model.proveAlphabet(), model.proveLayout(), cpus, ops);
    }

    /** snp with a device that mirrors each CPU's interrupt flag, renaming it or not. */
    static final class PlantedModel implements Model {
        private final boolean renames;

        private PlantedModel(boolean renames) {
            this.renames = renames;
        }

        static Variant variant(boolean renames) {
            return Variant.mainline(new PlantedModel(renames), "planted", "snp with a planted device", "");
        }

        private static final Model SNP = SnpModel.INSTANCE;

        @Override
        public String name() {
            return "snp-planted";
        }

        @Override
        public String title() {
            return SNP.title();
        }

        @Override
        public Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> kernelFiles() {
            return SNP.kernelFiles();
        }

        @Override
        public List<Variant> variants() {
            return List.of(variant(renames));
        }

        @Override
        public List<Operation> operations() {
            return SNP.operations();
        }

        @Override
        public List<Layout> layouts() {
            return SNP.layouts();
        }

        @Override
        public List<Op> proveAlphabet() {
            return SNP.proveAlphabet();
        }

        @Override
        public boolean cpusInterchangeable() {
            return true;
        }

        @Override
        public ModelInstance newInstance(Variant variant, Scenario scenario, Sched sched) {
            ModelInstance instance = SNP.newInstance(variant, scenario, sched);
            instance.machine().boot().attach(new IrqMirror(instance.machine(), renames));
            return instance;
        }
    }

    /** Each CPU's interrupt flag, read from the machine: per-CPU state a device might keep. */
    static final class IrqMirror implements Device {
        private final MachineCore core;
        private final boolean renames;

        IrqMirror(MachineCore core, boolean renames) {
            this.core = core;
            this.renames = renames;
        }

        @Override
        public void encode(StringBuilder out) {
            for (int cpu = 0; cpu < core.cpus(); cpu++) out.append(core.inspect().irqsEnabled(cpu) ? 'E' : 'D');
        }

        @Override
        public Device copy(MachineCore into) {
            return new IrqMirror(into, renames);
        }

        @Override
        public void fingerprint(Fingerprint out, int[] order, int[] rank) {
            for (int k = 0; k < order.length; k++) {
                int cpu = renames ? order[k] : k; // the bug: CPU k as numbered, whatever the order
                out.add(core.inspect().irqsEnabled(cpu) ? 1 : 0);
            }
        }
    }
}
