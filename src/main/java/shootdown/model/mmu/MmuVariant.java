package shootdown.model.mmu;

import java.util.List;

/**
 * The choices the 2020 thread and the TDP MMU argued about (DOMAIN.md section 4).
 *
 * @param tdp           faults go to the TDP MMU under {@code mmu_lock} held for read
 * @param skipLookup    the 2020 proposal: below the root, a non-present SPTE gets a freshly
 *                      allocated page without looking the (gfn, role) up in mmu_page_hash
 * @param zapFamilyTree zapping a page zaps all its descendants too (Sean's alternative)
 * @param atomicLink    TDP MMU: {@code tdp_mmu_link_sp()} publishes with cmpxchg; else a plain store
 */
public record MmuVariant(String id, String title, boolean tdp, boolean skipLookup, boolean zapFamilyTree,
                         boolean atomicLink) {

    public static final MmuVariant MAINLINE = new MmuVariant("mainline",
            "shadow MMU: kvm_mmu_get_page() looks up (gfn, role) before allocating", false, false, false, true);
    public static final MmuVariant SKIP_LOOKUP = new MmuVariant("skip-lookup",
            "2020 proposal: skip the mmu_page_hash lookup below the root of a direct-only VM", false, true, false,
            true);
    public static final MmuVariant SKIP_LOOKUP_ZAP_FAMILY = new MmuVariant("skip-lookup-zap-family",
            "2020 proposal plus zapping the entire family tree of a zapped page", false, true, true, true);
    public static final MmuVariant TDP_MAINLINE = new MmuVariant("tdp-mainline",
            "TDP MMU under mmu_lock for read: cmpxchg link, the loser frees its page", true, false, false, true);
    public static final MmuVariant TDP_PLAIN_STORE = new MmuVariant("tdp-plain-store",
            "TDP MMU under mmu_lock for read, linking with a plain store", true, false, false, false);

    public static List<MmuVariant> all() {
        return List.of(MAINLINE, SKIP_LOOKUP, SKIP_LOOKUP_ZAP_FAMILY, TDP_MAINLINE, TDP_PLAIN_STORE);
    }
}
