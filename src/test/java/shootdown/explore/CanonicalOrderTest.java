package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;

/**
 * The canonical numbering where it has to try orders: CPUs that nothing tells apart on their
 * own (the same code at the same point, the same TLB) form runs of ties, and every order within
 * every run must be tried, odometer-style, for the smallest key to be found whichever member of
 * the orbit the search reached. Scenarios with two CPUs running the same code give such runs at
 * the front, in the middle and at the back of the sorted order, and two runs at once; a skipped
 * order gives some permutation of the scenario a different set of keys.
 */
class CanonicalOrderTest {
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(delimiter = ';', value = {
            "wb; sticky-mask; guest-1-frames; CPU0: kvm_arch_vcpu_ioctl_run(0) | CPU1: kvm_arch_vcpu_ioctl_run(0) | CPU2: reclaim(0)",
            "wb; sticky-mask; migrate-guest-2-frames; CPU0: kvm_arch_vcpu_ioctl_run(0) | CPU1: kvm_arch_vcpu_ioctl_run(1) | CPU2: kvm_arch_vcpu_ioctl_run(1)",
            "mmu; mainline; direct-root4; CPU0: kvm_mmu_page_fault(0) | CPU1: make_mmu_pages_available(1) | CPU2: kvm_mmu_page_fault(0)"})
    void cpusThatTieAreTriedInEveryOrder(String modelName, String variantName, String layout, String ops)
            throws Exception {
        Variant variant = Models.named(modelName).variant(variantName);
        Scenario scenario = new Scenario("ties", layout, "", ScenarioText.parseOps(ops));
        assertNull(CpuSymmetryCheck.firstAsymmetry(variant, scenario));
    }
}
