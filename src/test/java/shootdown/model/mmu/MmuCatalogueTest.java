package shootdown.model.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;

/** The explorer on every MMU/TDP catalogue row and on the extra scenarios behind the bounds. */
class MmuCatalogueTest {
    private static final Budget BUDGET = new Budget(500_000, 60_000);

    private static CatalogueRow row(String id) {
        return Catalogue.find(id).orElseThrow();
    }

    private static Exploration explore(CatalogueRow row) {
        return new Explorer(row.model(), row.variant(), row.scenario()).explore(BUDGET);
    }

    private static Exploration explore(MmuVariant variant, Scenario scenario) {
        return new Explorer(MmuModel.INSTANCE, variant.id(), scenario).explore(BUDGET);
    }

    private static void assertPassed(Exploration e) {
        assertFalse(e.refuted(), () -> "unexpected counterexample: " + e.counterexample().hazard());
        assertTrue(e.exhausted(), () -> "not exhausted: " + e.stopReason());
    }

    private static Hazard assertRefuted(Exploration e, Hazard.Kind kind) {
        assertTrue(e.refuted(), "expected a counterexample, explored " + e.states() + " states");
        Hazard hazard = e.counterexample().hazard();
        assertEquals(kind, hazard.kind(), hazard::toString);
        return hazard;
    }

    private static String trace(Exploration e) {
        StringBuilder out = new StringBuilder();
        for (TraceEvent t : e.counterexample().trace()) {
            out.append("CPU").append(t.cpu()).append(' ').append(t.function()).append(": ").append(t.action()).append('\n');
        }
        return out.toString();
    }

    @Test
    void catalogueHasTheSixRowsInOrder() {
        List<String> ids = MmuCatalogue.rows().stream().map(CatalogueRow::id).toList();
        assertEquals(List.of("MMU-1", "MMU-2", "MMU-3", "MMU-4", "TDP-1", "TDP-2"), ids);
        for (String id : ids) assertTrue(Catalogue.find(id).isPresent(), id + " not in the catalogue");
        assertEquals("TdpPlainStoreStress", row("TDP-2").stressTest());
    }

    @Test
    void mmu1LookupBeforeAllocatePasses() {
        assertPassed(explore(row("MMU-1")));
    }

    @Test
    void mmu2IsSeanChristophersonsInterleaving() {
        Exploration e = explore(row("MMU-2"));
        Hazard hazard = assertRefuted(e, Hazard.Kind.H5_LEAK);
        // The leaked page is the orphaned level-2 child C, named with its (gfn, role).
        assertTrue(hazard.message().contains("sp#3 (gfn 0x0, level 2)"), hazard::message);
        assertTrue(hazard.message().contains("sp#5 (gfn 0x0, level 2) first"), hazard::message);
        String trace = trace(e);
        // root -> P -> C built by the fault ...
        assertTrue(trace.contains("alloc sp#2 (gfn 0x0, level 3)"), trace);
        assertTrue(trace.contains("alloc sp#3 (gfn 0x0, level 2)"), trace);
        // ... zap-oldest zaps P and orphans C ...
        assertTrue(trace.contains("zap sp#2 (gfn 0x0, level 3); child sp#3 (gfn 0x0, level 2) orphaned"), trace);
        // ... and the re-fault allocates a duplicate C' without a lookup.
        assertTrue(trace.contains("lookup skipped (single direct root) -> alloc sp#5 (gfn 0x0, level 2)"), trace);
        assertTrue(trace.indexOf("zap sp#2") < trace.indexOf("alloc sp#5"), trace);
    }

    @Test
    void mmu3MixedRootLevelsDuplicateTheFourLevelRoot() {
        Hazard hazard = assertRefuted(explore(row("MMU-3")), Hazard.Kind.INVARIANT);
        assertTrue(hazard.message().contains("two valid shadow pages for (gfn 0x0, level 4)"), hazard::message);
    }

    @Test
    void mmu4FamilyTreeZapIsDecidedSafeOnItsScenario() {
        assertPassed(explore(row("MMU-4")));
    }

    @Test
    void mmu4IsRefutedOnceRootLevelsMix() {
        assertRefuted(explore(MmuVariant.SKIP_LOOKUP_ZAP_FAMILY, MmuScenarios.MIXED_ROOTS), Hazard.Kind.INVARIANT);
    }

    @Test
    void tdp1CmpxchgLinkPasses() {
        assertPassed(explore(row("TDP-1")));
    }

    @Test
    void tdp2PlainStoreLeaksTheOverwrittenTable() {
        Exploration e = explore(row("TDP-2"));
        Hazard hazard = assertRefuted(e, Hazard.Kind.H5_LEAK);
        assertTrue(hazard.message().contains("nothing will free it"), hazard::message);
        assertTrue(trace(e).contains("WRITE_ONCE("), trace(e));
    }

    @Test
    void theShrinkerOrphansLikeZapOldest() {
        assertPassed(explore(MmuVariant.MAINLINE, MmuScenarios.SHRINK_REFAULT));
        assertRefuted(explore(MmuVariant.SKIP_LOOKUP, MmuScenarios.SHRINK_REFAULT), Hazard.Kind.H5_LEAK);
        assertPassed(explore(MmuVariant.SKIP_LOOKUP_ZAP_FAMILY, MmuScenarios.SHRINK_REFAULT));
    }

    @Test
    void largerSingleRootScenarioKeepsTheVerdicts() {
        assertPassed(explore(MmuVariant.MAINLINE, MmuScenarios.ZAP_TWO_REGIONS));
        assertRefuted(explore(MmuVariant.SKIP_LOOKUP, MmuScenarios.ZAP_TWO_REGIONS), Hazard.Kind.H5_LEAK);
        assertPassed(explore(MmuVariant.SKIP_LOOKUP_ZAP_FAMILY, MmuScenarios.ZAP_TWO_REGIONS));
    }

    @Test
    void mainlineHandlesMixedRootLevels() {
        assertPassed(explore(MmuVariant.MAINLINE, MmuScenarios.MIXED_ROOTS));
        assertPassed(explore(MmuVariant.MAINLINE, MmuScenarios.MIXED_ROOTS_ZAP));
    }

    @Test
    void costRowsShowTheLookupsSavedAndWhatTheyCost() {
        List<MmuCost.Row> rows = MmuCost.rows();
        assertEquals(6, rows.size());
        MmuCost.Row mmu1 = rows.get(0);
        MmuCost.Row mmu2 = rows.get(1);
        MmuCost.Row mmu4 = rows.get(3);
        assertNotNull(mmu1);
        assertTrue(mmu1.lookups() > 0);
        assertEquals(0, mmu1.leaked());
        assertEquals(0, mmu2.lookups());
        assertEquals(1, mmu2.leaked());
        assertEquals(1, mmu2.duplicates());
        assertEquals(0, mmu4.leaked());
        assertTrue(mmu4.zapped() > mmu1.zapped(), "the family-tree zap zaps the child too");
    }
}
