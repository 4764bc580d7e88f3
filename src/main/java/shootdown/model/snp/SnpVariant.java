package shootdown.model.snp;

import java.util.ArrayList;
import java.util.List;
import shootdown.model.cpa.CpaVariant;

/**
 * One SNP variant: a direct-map strategy on the host side, the guest side's rule for 2M RMP
 * entries, and the CPA variant every direct-map change runs through. Named
 * {@code <base>} (mainline CPA) or {@code <base>+<cpa variant>}, e.g. {@code merged+no-cpa-lock}.
 *
 * @param alignmentCheck the guest side installs a 2M RMP entry only for a 2M-aligned gfn
 *                       (seed 001's can_install_large_rmp_entry()); SNP-7 drops it
 */
public record SnpVariant(String id, String base, DirectMapStrategy strategy, boolean alignmentCheck, CpaVariant cpa) {

    private record Base(String id, DirectMapStrategy strategy, boolean alignmentCheck) {
    }

    private static final List<Base> BASES = List.of(
            new Base("no-adjust", DirectMapStrategy.NO_ADJUST, true),
            new Base("merged", DirectMapStrategy.ADJUST_DIRECT_MAP, true),
            new Base("rfc-v8", DirectMapStrategy.INVALIDATE_RESTORE_V8, true),
            new Base("rfc-v8-fixed", DirectMapStrategy.INVALIDATE_RESTORE_FIXED, true),
            new Base("v6-split-noflush", DirectMapStrategy.SPLIT_NO_FLUSH_V6, true),
            new Base("presplit", DirectMapStrategy.PRESPLIT, true),
            new Base("merged-no-align-check", DirectMapStrategy.ADJUST_DIRECT_MAP, false),
            new Base("merged-no-shortcut", DirectMapStrategy.ADJUST_DIRECT_MAP_NO_SHORTCUT, true));

    /** Every accepted name: each base with mainline CPA, then each base with each other CPA variant. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Base b : BASES) names.add(b.id);
        for (Base b : BASES) {
            for (CpaVariant cpa : CpaVariant.all()) {
                if (cpa != CpaVariant.MAINLINE) names.add(b.id + "+" + cpa.id());
            }
        }
        return names;
    }

    /** The base names alone (mainline CPA), in catalogue order. */
    public static List<String> bases() {
        return BASES.stream().map(Base::id).toList();
    }

    public static SnpVariant parse(String name) {
        int plus = name.indexOf('+');
        String baseId = plus < 0 ? name : name.substring(0, plus);
        String cpaId = plus < 0 ? CpaVariant.MAINLINE.id() : name.substring(plus + 1);
        Base base = BASES.stream().filter(b -> b.id.equals(baseId)).findFirst().orElse(null);
        CpaVariant cpa = CpaVariant.all().stream().filter(v -> v.id().equals(cpaId)).findFirst().orElse(null);
        if (base == null || cpa == null) {
            throw new IllegalArgumentException("unknown snp variant '" + name + "'; known: " + bases()
                    + ", each optionally followed by +<cpa variant> of "
                    + CpaVariant.all().stream().map(CpaVariant::id).toList());
        }
        return new SnpVariant(name, base.id, base.strategy, base.alignmentCheck, cpa);
    }
}
