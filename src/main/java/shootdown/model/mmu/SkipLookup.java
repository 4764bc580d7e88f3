package shootdown.model.mmu;

/**
 * The 2020 proposal (seed 003): in a VM with a single direct root, below the root a non-present
 * SPTE gets a freshly allocated page without looking (gfn, role) up in mmu_page_hash. Sean
 * Christopherson's review: zap-oldest leaves an orphaned child in the hash, the rebuilt parent
 * allocates a duplicate, and the orphan leaks (MMU-2); mixed 4- and 5-level roots break the
 * premise (MMU-3).
 */
public class SkipLookup extends Mmu {
    @Override
    protected int kvm_mmu_get_page(long gfn, int level) {
        MmuPageRole role = MmuPageRole.direct(level);
        // The proposal looks up only if shadow_page_may_have_multiple_parents or for the root
        // level of this vCPU. The flag is set by mmu_alloc_shadow_roots(), i.e. by an indirect
        // (shadow-paging) root, which no vCPU of these scenarios loads: it stays false.
        boolean lookup = level == root_level;
        if (lookup) {
            int found = kvm_mmu_find_shadow_page(gfn, role);
            if (found != INVALID_PAGE) return found;
        }
        return kvm_mmu_alloc_shadow_page(gfn, role, !lookup);
    }
}
