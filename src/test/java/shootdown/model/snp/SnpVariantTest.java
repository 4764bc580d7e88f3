package shootdown.model.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.model.cpa.CpaVariant;

/** Variant names: a strategy, optionally combined with a CPA variant. */
class SnpVariantTest {

    @Test
    void aBaseNameRunsOnMainlineCpa() {
        SnpVariant v = SnpVariant.parse("merged");
        assertEquals(DirectMapStrategy.ADJUST_DIRECT_MAP, v.strategy());
        assertEquals(CpaVariant.MAINLINE, v.cpa());
        assertTrue(v.alignmentCheck());
    }

    @Test
    void aCpaVariantCombinesWithAnyStrategy() {
        SnpVariant v = SnpVariant.parse("merged+no-cpa-lock");
        assertEquals(CpaVariant.NO_CPA_LOCK, v.cpa());
        assertFalse(SnpVariant.parse("merged-no-align-check").alignmentCheck());
        assertTrue(SnpModel.INSTANCE.variants().contains("presplit+debug-pagealloc"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnpVariant.parse("mergd"));
        assertTrue(e.getMessage().contains("merged") && e.getMessage().contains("no-cpa-lock"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SnpVariant.parse("merged+no-such-cpa"));
    }
}
