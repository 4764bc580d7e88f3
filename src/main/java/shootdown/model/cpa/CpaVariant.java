package shootdown.model.cpa;

import java.util.List;

/**
 * The locking and flushing choices kernel history argued about (DOMAIN.md section 2).
 *
 * @param cpaLock            serialize every CPA chunk on {@code cpa_lock} (added in 2008)
 * @param flushInsidePgdLock the split's {@code flush_tlb_all()} runs before {@code pgd_lock} is
 *                           released (since 2018, c0a759abf5a6); otherwise just after it
 * @param recheckSplit       {@code __split_large_page()} re-looks-up the entry under
 *                           {@code pgd_lock} and backs off if another CPU split it first
 * @param debugPagealloc     debug_pagealloc mode: no {@code cpa_lock}, callers flush only the
 *                           local TLB
 */
public record CpaVariant(String id, String title, boolean cpaLock, boolean flushInsidePgdLock,
                         boolean recheckSplit, boolean debugPagealloc) {

    public static final CpaVariant CPA_2008 =
            new CpaVariant("2008", "2008: flush after pgd_lock release, under cpa_lock", true, false, true, false);
    public static final CpaVariant CPA_2008_NO_CPA_LOCK =
            new CpaVariant("2008-no-cpa-lock", "2008 order without cpa_lock", false, false, true, false);
    public static final CpaVariant NO_CPA_LOCK =
            new CpaVariant("no-cpa-lock", "mainline without cpa_lock (LPC 2022 patch)", false, true, true, false);
    public static final CpaVariant MAINLINE =
            new CpaVariant("mainline", "mainline: cpa_lock + flush inside pgd_lock", true, true, true, false);
    public static final CpaVariant NO_RECHECK =
            new CpaVariant("no-recheck", "split without the recheck under pgd_lock", true, true, false, false);
    public static final CpaVariant DEBUG_PAGEALLOC =
            new CpaVariant("debug-pagealloc", "debug_pagealloc: no cpa_lock, local flush only", false, true, true, true);

    public static List<CpaVariant> all() {
        return List.of(CPA_2008, CPA_2008_NO_CPA_LOCK, NO_CPA_LOCK, MAINLINE, NO_RECHECK, DEBUG_PAGEALLOC);
    }
}
