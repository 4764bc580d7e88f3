package shootdown.model.mmu;

import java.util.List;

/**
 * The 2020 proposal plus Sean's first alternative: zapping a page zaps its entire family tree,
 * so no orphan is left in the hash for the rebuilt parent to miss (MMU-4).
 */
public class SkipLookupZapFamily extends SkipLookup {
    @Override
    protected int mmu_page_zap_pte(KvmArch kvm, KvmMmuPage sp, Sptep spte, List<Integer> invalid_list,
                                   StringBuilder text) {
        Spte pte = kvm.read(spte);
        if (!pte.isNonleaf()) return super.mmu_page_zap_pte(kvm, sp, spte, invalid_list, text);
        KvmMmuPage child = kvm.page(pte.child());
        if (child.invalid) return super.mmu_page_zap_pte(kvm, sp, spte, invalid_list, text);
        drop_parent_pte(kvm, child, spte);
        // The kernel already zaps a guest_mode child left without parents; here every child of
        // a direct page goes.
        text.append("; family: ");
        return __kvm_mmu_prepare_zap_page(kvm, child, invalid_list, text);
    }
}
