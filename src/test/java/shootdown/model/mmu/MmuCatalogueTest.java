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
import shootdown.model.Variant;

/**
 * What the MMU and TDP verdicts rest on: the orphan and duplicate of Sean Christopherson's interleaving,
 * the mixed root levels, and the extra scenarios behind the bounds. (Each row's verdict itself is
 * checked by CatalogueVerdictTest against its catalogue entry.)
 */
class MmuCatalogueTest {
    private static final Budget BUDGET = new Budget(500_000, 60_000);

    private static CatalogueRow row(String id) {
        return Catalogue.find(id).orElseThrow();
    }

    private static Exploration explore(CatalogueRow row) {
        return new Explorer(row.variant(), row.scenario()).explore(BUDGET);
    }

    private static Exploration explore(String variant, String scenario) {
        return new Explorer(MmuModel.INSTANCE.variant(variant), Catalogue.scenario(MmuModel.INSTANCE, scenario))
                .explore(BUDGET);
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
    void mmu4IsRefutedOnceRootLevelsMix() {
        assertRefuted(explore("skip-lookup-zap-family", "mixed-4-and-5-level-roots"), Hazard.Kind.INVARIANT);
    }

    @Test
    void tdp2PlainStoreLeaksTheOverwrittenTable() {
        Exploration e = explore(row("TDP-2"));
        Hazard hazard = assertRefuted(e, Hazard.Kind.H5_LEAK);
        assertTrue(hazard.message().contains("nothing will free it"), hazard::message);
        assertTrue(trace(e).contains("WRITE_ONCE("), trace(e));
    }

    @Test
    void tdp4TheFaultIsStillInsideTheTableTheZapFreesAtOnce() {
        Exploration e = explore(row("TDP-4"));
        Hazard hazard = assertRefuted(e, Hazard.Kind.H7_FREED_TABLE_REACHABLE);
        assertEquals(0, hazard.cpu(), "the faulting vCPU reads freed memory");
        assertEquals(1, hazard.actorCpu(), "the zap freed it");
        String trace = trace(e);
        assertTrue(trace.contains("freed at once without a grace period"), trace);
        assertFalse(trace.contains("call_rcu"), trace);
        assertFalse(trace.contains("CPU0 kvm_tdp_mmu_map: rcu_read_unlock()"), "the fault is still reading: " + trace);
    }

    @Test
    void tdp5AFaultLinksIntoAClearedEntryOfARemovedTable() {
        Exploration e = explore(row("TDP-5"));
        Hazard hazard = assertRefuted(e, Hazard.Kind.H5_LEAK);
        assertTrue(hazard.message().contains("was removed from the paging structure (and freed)"), hazard::message);
        String trace = trace(e);
        java.util.regex.Matcher cleared = java.util.regex.Pattern
                .compile("handle_removed_pt\\((sp#\\d+)\\): tdp_mmu_unlink_sp\\(\\), xchg every SPTE to not present")
                .matcher(trace);
        boolean linkedIntoCleared = false;
        while (cleared.find()) {
            linkedIntoCleared |= trace.indexOf("cmpxchg " + cleared.group(1) + "[0]: not present => -> sp#", cleared.end()) > 0;
        }
        assertTrue(linkedIntoCleared, "a fault links a table into one the zap already cleared: " + trace);
    }

    /** A probe that stops the search where mainline's fault meets a frozen entry: the retry is reachable. */
    static class FrozenIsReported extends TdpMmu {
        @Override
        protected Spte tdp_iter_read(Sptep sptep, int level) {
            Spte v = super.tdp_iter_read(sptep, level);
            if (v.is_frozen_spte()) {
                cpu.stepThenCheck(core -> v, r -> "saw " + r, (core, r) -> {
                    throw core.hazard(Hazard.Kind.LIVELOCK, cpu.id(), cpu.id(), "probe: a fault met FROZEN_SPTE", List.of());
                });
            }
            return v;
        }
    }

    @Test
    void tdp3AFaultInsideARemovedTableMeetsFrozenEntriesAndRetries() {
        assertPassed(explore(row("TDP-3")));
        Variant probe = Variant.of(MmuModel.INSTANCE, "probe", "mainline, reporting FROZEN_SPTE", "", Mmu.class,
                TdpEnabled::new).also(TdpMmu.class, FrozenIsReported::new);
        Exploration e = new Explorer(probe, row("TDP-3").scenario()).explore(BUDGET);
        assertRefuted(e, Hazard.Kind.LIVELOCK);
        assertTrue(trace(e).contains("xchg every SPTE to FROZEN_SPTE"), trace(e));
    }

    @Test
    void theShrinkerOrphansLikeZapOldest() {
        assertPassed(explore("mainline", "shrink-refault"));
        assertRefuted(explore("skip-lookup", "shrink-refault"), Hazard.Kind.H5_LEAK);
        assertPassed(explore("skip-lookup-zap-family", "shrink-refault"));
    }

    @Test
    void largerSingleRootScenarioKeepsTheVerdicts() {
        assertPassed(explore("mainline", "zap-two-regions"));
        assertRefuted(explore("skip-lookup", "zap-two-regions"), Hazard.Kind.H5_LEAK);
        assertPassed(explore("skip-lookup-zap-family", "zap-two-regions"));
    }

    @Test
    void mainlineHandlesMixedRootLevels() {
        assertPassed(explore("mainline", "mixed-4-and-5-level-roots"));
        assertPassed(explore("mainline", "mixed-roots-zap"));
    }

    @Test
    void costRowsShowTheLookupsSavedAndWhatTheyCost() {
        List<MmuCost.Row> rows = MmuCost.rows();
        assertEquals(9, rows.size(), "one per MMU and TDP row");
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
