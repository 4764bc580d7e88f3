package shootdown.model.cpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

/** What CPA-3's verdict rests on: Gleixner's interleaving, step by step. (CatalogueVerdictTest checks every row's verdict.) */
class CpaCatalogueTest {

    private static Exploration explore(String id) {
        CatalogueRow row = Catalogue.find(id).orElseThrow();
        return new Explorer(row.variant(), row.scenario()).explore(new Budget(1_000_000, 60_000));
    }

    /** Gleixner's interleaving: CPU0 installs the split table, CPU1 writes a PTE without pgd_lock. */
    @org.junit.jupiter.api.Test
    void theCpa3CounterexampleIsTheRaceTheLpcPatchMissed() {
        Exploration e = explore("CPA-3");
        List<TraceEvent> trace = e.counterexample().trace();
        TraceEvent install = trace.stream().filter(t -> t.action().startsWith("__set_pmd_pte")).findFirst().orElseThrow();
        TraceEvent write = trace.get(trace.size() - 1);
        assertEquals("__split_large_page", install.function());
        assertTrue(install.locksHeld().contains("pgd_lock"));
        assertTrue(write.action().startsWith("set_pte_atomic"), write::action);
        // Since July 2026 it holds init_mm's mmap lock for reading, which excludes only a collapse.
        assertTrue(write.locksHeld().stream().noneMatch(l -> l.equals("cpa_lock") || l.equals("pgd_lock")),
                "path (a) holds neither cpa_lock nor pgd_lock: " + write.locksHeld());
        assertTrue(install.cpu() != write.cpu());
        Hazard h = e.counterexample().hazard();
        assertNotNull(h);
        String evidence = h.evidence().stream().collect(Collectors.joining(" "));
        assertTrue(evidence.contains("2M") && evidence.contains("4K"), evidence);
        // The IPI of the split's flush_tlb_all() has not reached the victim yet.
        assertTrue(trace.stream().noneMatch(t -> t.cpu() == h.cpu() && t.action().startsWith("takes IPI")));
    }
}
