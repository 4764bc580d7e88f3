package shootdown.model.cpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofSpace;
import shootdown.prove.Prover;

/**
 * set_memory_rox()'s collapse (41d88484c71c) on the 2m+rox layout: it happens when every entry
 * agrees, _PAGE_KERNEL_4K keeps it away, and its order (flush every TLB, then free the table)
 * is what keeps each CPU's paging-structure caches from pointing at a freed page.
 */
class CollapseTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);

    private static Scenario scenario(String ops) {
        return new Scenario("test", "2m+rox", "", ScenarioText.parseOps(ops));
    }

    private static Exploration explore(Variant variant, String ops) {
        return new Explorer(variant, scenario(ops)).exploreOutcomes(BUDGET);
    }

    @Test
    void setMemoryRoxOfTheLastWritablePageCollapsesTheRangeAndFreesItsTable() {
        Exploration e = explore(CpaModel.INSTANCE.variant("mainline"), "CPU0: set_memory_rox(0x200)");
        assertTrue(e.exhausted());
        String outcome = e.outcomes().keySet().iterator().next();
        assertEquals(1, e.outcomes().size(), "one CPU: one outcome");
        assertTrue(outcome.contains("page 0x200 -> 2M pfn 0x200 RO X"), outcome);
        List<TraceEvent> trace = new Explorer(CpaModel.INSTANCE.variant("mainline"), scenario("CPU0: set_memory_rox(0x200)"))
                .replayClean(e.outcomes().get(outcome)).trace();
        List<String> functions = trace.stream().map(TraceEvent::function).distinct().toList();
        assertTrue(functions.containsAll(List.of("collapse_pmd_page", "__cpa_collapse_large_pages")), functions.toString());
        int install = indexOf(trace, "set_pmd(");
        int flush = indexOf(trace, "on_each_cpu(flush_tlb_all)");
        int free = indexOf(trace, "pagetable_free(");
        assertTrue(install < flush && flush < free, "install, flush every TLB, then free: " + install + " " + flush + " " + free);
    }

    @Test
    void aPageSetMemory4kMarkedKeepsItsRangeSplit() {
        Exploration e = explore(CpaModel.INSTANCE.variant("mainline"), "CPU0: set_memory_4k(0x201), set_memory_rox(0x200)");
        assertTrue(e.exhausted());
        assertEquals(1, e.outcomes().size());
        String outcome = e.outcomes().keySet().iterator().next();
        assertTrue(outcome.contains("page 0x200 -> 4K pfn 0x200 RO X"), "_PAGE_KERNEL_4K: no collapse: " + outcome);
    }

    /** The flush between the install and the free is what empties every CPU's paging-structure caches. */
    @Test
    void freeingTheTableBeforeTheFlushIsH7ThroughAnotherCpusPagingStructureCache() {
        Variant broken = Variant.of(CpaModel.INSTANCE, "free-before-flush", "collapse frees the old table before "
                + "flush_tlb_all()", "", SetMemory.class, FreeBeforeFlush::new);
        ProofResult r = new Prover(ProofSpace.of(CpaModel.INSTANCE, new Bound(2, 1)), BUDGET).prove(broken);
        assertEquals(ProofResult.Status.REFUTED, r.status());
        Hazard h = r.counterexample().hazard();
        assertEquals(Hazard.Kind.H7_FREED_TABLE_REACHABLE, h.kind());
        assertTrue(h.message().contains("paging-structure cache"), h.message());
        assertTrue(h.evidence().get(0).startsWith("cached: [PDE@0x200->table#"), h.evidence().toString());
    }

    /** The same free before the flush, with a lockless walker inside the table: H7 names the walker. */
    @Test
    void aLocklessWalkerInsideTheTableMakesItsFreeH7() {
        Exploration e = new Explorer(CpaModel.INSTANCE.variant("mainline"),
                scenario("CPU0: set_memory_rox(0x200) | CPU1: kernel_page_present(0x201)")).explore(BUDGET);
        assertTrue(e.refuted());
        Hazard h = e.counterexample().hazard();
        assertEquals(Hazard.Kind.H7_FREED_TABLE_REACHABLE, h.kind());
        assertTrue(h.message().contains("walks it locklessly"), h.message());
        assertEquals(1, h.cpu(), "the walker is the victim");
        assertEquals(0, h.actorCpu(), "the collapse frees");
    }

    /**
     * Mainline in its proof alphabet, which holds the collapse and ptdump beside the split races,
     * reaches no hazard at all at 2x1 and 2x2: no not-present access (H6), no freed table still
     * reachable (H7). The broken variants above and in BreakBeforeMakeTest reach them in the
     * same alphabet at 2x1.
     */
    @Tag("deep") // two proofs of the whole alphabet: about 15 s
    @Test
    void mainlineReachesNeitherH6NorH7InItsProofAlphabet() {
        Variant mainline = CpaModel.INSTANCE.variant("mainline");
        assertTrue(CpaModel.INSTANCE.proveAlphabet().stream().map(op -> op.name()).toList()
                .containsAll(List.of("set_memory_rox", "ptdump_walk_pgd", "touch")));
        for (Bound bound : List.of(new Bound(2, 1), new Bound(2, 2))) {
            ProofResult r = new Prover(ProofSpace.of(CpaModel.INSTANCE, bound), BUDGET).prove(mainline);
            assertEquals(ProofResult.Status.PROVED, r.status(), bound + ": " + r.counterexample());
        }
    }

    private static int indexOf(List<TraceEvent> trace, String action) {
        for (int i = 0; i < trace.size(); i++) if (trace.get(i).action().contains(action)) return i;
        throw new AssertionError("no step " + action + " in " + trace);
    }

    /** The mistake the kernel's order guards against: the tables freed before the flush. */
    public static final class FreeBeforeFlush extends SetMemory {
        @Override
        protected void __cpa_collapse_large_pages(CpaData cpa) {
            List<Integer> pgtables = new java.util.ArrayList<>();
            int collapsed = collapse_large_pages(cpa.vaddr, pgtables);
            if (collapsed == 0) return;
            for (int table : pgtables) cpu.pagetable_free(table);
            cpu.flush_tlb_all();
        }
    }
}
