/*
 * 05. A reviewer's alternative: Sean Christopherson's, in the 2020 thread (seed 003).
 *
 * "If we do get aggressive and zap all children ... and prevent the mixed level insanity, then a
 * simpler approach would be to skip the lookup if the MMU is direct." This variant keeps the
 * family-tree zap (built-in skip-lookup-zap-family, MMU-4) and skips the mmu_page_hash lookup
 * for every direct page, the root included. The proof over the MMU alphabet (one root level)
 * holds; with vCPUs of different MAXPHYADDR the two roots' pages collide, which is why Sean
 * added "prevent the mixed level insanity".
 *
 * Run:    ./shootdown prove mmu --variant-file examples/05-skip-lookup-if-direct/SkipLookupIfDirect.java --base skip-lookup-zap-family --ops 2
 * Answer: PROVED
 * Run:    ./shootdown prove mmu --variant-file examples/05-skip-lookup-if-direct/SkipLookupIfDirect.java --base skip-lookup-zap-family --scenario "CPU0: kvm_mmu_load(0x0), kvm_mmu_page_fault(0x0) | CPU1: kvm_mmu_load(0x0), kvm_mmu_page_fault(0x0)" --layout maxphyaddr-4+5
 * Answer: REFUTED, two valid shadow pages
 */
import shootdown.model.mmu.MmuPageRole;
import shootdown.model.mmu.SkipLookupZapFamily;

/** Skip the hash lookup whenever the MMU is direct (the root included), zapping whole family trees. */
public class SkipLookupIfDirect extends SkipLookupZapFamily {
    @Override
    protected int kvm_mmu_get_page(long gfn, int level) {
        MmuPageRole role = MmuPageRole.direct(level);
        if (role.direct()) return kvm_mmu_alloc_shadow_page(gfn, role, true);
        int found = kvm_mmu_find_shadow_page(gfn, role);
        return found != INVALID_PAGE ? found : kvm_mmu_alloc_shadow_page(gfn, role, false);
    }
}
