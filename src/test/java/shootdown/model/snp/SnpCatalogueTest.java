package shootdown.model.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.machine.FlushScope;
import shootdown.model.Scenario;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.NoCpaLock;
import shootdown.model.cpa.PgprotMask;
import shootdown.model.cpa.SetMemory;

/** The scenarios that explain the SNP verdicts (CatalogueVerdictTest checks every row's verdict). */
class SnpCatalogueTest {
    private static final Budget BUDGET = new Budget(1_000_000, 60_000);

    private static Exploration explore(String id) {
        CatalogueRow row = Catalogue.find(id).orElseThrow();
        return new Explorer(row.variant(), row.scenario()).explore(BUDGET);
    }

    private static Exploration explore(String variant, Scenario scenario) {
        return new Explorer(SnpModel.INSTANCE.variant(variant), scenario).explore(BUDGET);
    }

    /** The trace ends with the host write and the RMP check that faults. */
    @ParameterizedTest
    @CsvSource({"SNP-1", "SNP-3", "SNP-5"})
    void theCounterexampleEndsWithTheHostWriteAndItsFaultingRmpCheck(String id) {
        List<TraceEvent> trace = explore(id).counterexample().trace();
        TraceEvent last = trace.get(trace.size() - 1);
        assertEquals("host_write", last.function());
        assertTrue(last.action().contains("RMP check faults"), last::action);
        assertTrue(trace.stream().anyMatch(t -> t.action().contains("RMPUPDATE(0x0) completes")),
                "the frame went private before the write");
    }

    @Test
    void snp5sVictimStillHoldsThe2mEntryBecauseTheSplitWasNeverFlushed() {
        Exploration e = explore("SNP-5");
        assertTrue(e.counterexample().trace().stream().noneMatch(t -> t.action().contains("flush")));
        assertTrue(e.counterexample().hazard().evidence().get(0).contains("2M"));
    }

    @Test
    void snp3LeavesThePageMappedThoughItIsPrivate() {
        Hazard h = explore("SNP-3").counterexample().hazard();
        assertTrue(h.message().contains("still maps it present"), h::message);
    }

    /** The lockless shortcut of adjust_direct_map() needs no third CPU: the converter itself has not taken the IPI. */
    @Test
    void theFastPathRaceAlsoHitsTheSecondConverterItself() {
        Exploration e = explore("merged", Catalogue.scenario(SnpModel.INSTANCE, "two-conversions-one-2m"));
        assertTrue(e.refuted());
        Hazard h = e.counterexample().hazard();
        assertEquals(Hazard.Kind.H3_RMP_FAULT, h.kind());
        TraceEvent lookup = e.counterexample().trace().stream()
                .filter(t -> t.cpu() == 1 && t.function().equals("adjust_direct_map")).findFirst().orElseThrow();
        assertTrue(lookup.action().contains("at 4K level"), "CPU1 saw the split before the flush reached it");
    }

    /** Serialising every conversion on cpa_lock (the invalidate designs) closes the same race. */
    @Test
    void theInvalidateDesignsPayCpaLockOnEveryConversionAndDoNotRace() {
        Exploration e = explore("rfc-v8-fixed", Catalogue.scenario(SnpModel.INSTANCE, "two-conversions-one-2m"));
        assertFalse(e.refuted(), () -> e.counterexample().hazard().toString());
        assertTrue(e.exhausted());
    }

    /**
     * Without the lockless shortcut every conversion goes through set_memory_4k(), whose lookup
     * under cpa_lock waits for the split's flush: the race closes. Since 41d88484c71c it closes
     * without cpa_lock too: set_memory_4k() of a page already split still sets _PAGE_KERNEL_4K,
     * so it stores the PTE and flushes that page on every CPU itself, and INVLPG of the page drops
     * the stale 2M entry with it. With the set_memory_4k() of before (no bit, nothing to store,
     * no flush) and no cpa_lock, the write through the stale 2M entry faults.
     */
    @Test
    void goingThroughCpaForEveryConversionClosesTheFastPathRaceWithCpaLockOrTheKernel4kFlush() {
        Scenario scenario = Catalogue.scenario(SnpModel.INSTANCE, "two-conversions-one-2m");
        Exploration fixed = explore("merged-no-shortcut", scenario);
        assertFalse(fixed.refuted(), () -> fixed.counterexample().hazard().toString());
        assertTrue(fixed.exhausted());
        Exploration unlocked = explore("merged-no-shortcut+no-cpa-lock", scenario);
        assertFalse(unlocked.refuted(), () -> unlocked.counterexample().hazard().toString());
        assertTrue(unlocked.exhausted());

        Variant before = Variant.of(CpaModel.INSTANCE, "no-cpa-lock-before-41d88484c71c", "no cpa_lock, set_memory_4k() "
                + "as before the _PAGE_KERNEL_4K bit", "", SetMemory.class, UnmarkedSplitNoCpaLock::new);
        Variant old = SnpModel.combine(SnpModel.INSTANCE.variant("merged-no-shortcut"), before);
        Exploration e = new Explorer(old, scenario).explore(BUDGET);
        assertTrue(e.refuted());
        assertEquals(Hazard.Kind.H3_RMP_FAULT, e.counterexample().hazard().kind());
    }

    /** No cpa_lock, and set_memory_4k() as before 41d88484c71c: a forced split, no attribute, no bit. */
    public static final class UnmarkedSplitNoCpaLock extends NoCpaLock {
        @Override
        public void set_memory_4k(long addr) {
            change_page_attr_set_clr(new CpaData(addr, 1, PgprotMask.NONE, true, FlushScope.ALL));
        }
    }

    /** SNP-2+CPA-3's race needs cpa_lock gone: with it, the same scenario passes (CPA-4's argument). */
    @Test
    void theOnDemandSplitIsSafeBesideANeighbourChangeWhileCpaLockStays() {
        Exploration e = explore("merged", Catalogue.scenario(SnpModel.INSTANCE, "on-demand-split-vs-neighbour"));
        assertFalse(e.refuted(), () -> e.counterexample().hazard().toString());
        assertTrue(e.exhausted());
    }

    /** SNP-7's twin: with the alignment check the unaligned gfns get 4K entries and every access completes. */
    @Test
    void withTheAlignmentCheckUnalignedGfnsFallBackTo4k() {
        Exploration e = explore("seed001-prepare", Catalogue.scenario(SnpModel.INSTANCE, "unaligned-gfns-in-2m-folios"));
        assertFalse(e.refuted(), () -> e.counterexample().hazard().toString());
        assertTrue(e.exhausted());
    }

    @Test
    void snp7FailsBecauseThe2mRequestIsRefusedEveryTime() {
        List<TraceEvent> trace = explore("SNP-7").counterexample().trace();
        assertTrue(trace.stream().anyMatch(t -> t.action().contains("Failed to update RMP entry")
                && t.action().contains("level 2M")), "each prepare asks for a 2M entry and fails");
        assertTrue(trace.stream().noneMatch(t -> t.action().contains("completes")), "no RMP entry is ever written");
    }
}
