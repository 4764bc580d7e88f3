package shootdown.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shootdown.engine.CheckResult;
import shootdown.engine.ExplorerEngine;
import shootdown.explore.Budget;
import shootdown.explore.Counterexample;
import shootdown.explore.Explorer;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.report.ReplaySpec;
import shootdown.report.TraceFormatter;

/**
 * How a row's machine flushes: a row may name it (SNP-2-fastpath-invlpgb), the campaign's
 * {@code --flush} sets it for the others, and every answer says which it was.
 */
class FlushChoiceTest {
    private static final ExplorerEngine EXPLORER = new ExplorerEngine(2_000_000);

    @Test
    void aRowThatNamesItsFlushKeepsItAndTheOthersTakeTheCampaigns() {
        CatalogueRow named = Catalogue.find("SNP-2-fastpath-invlpgb").orElseThrow();
        CatalogueRow plain = Catalogue.find("CPA-4").orElseThrow();
        assertEquals(FlushMethod.INVLPGB, named.flushMethod());
        assertEquals(FlushMethod.IPI, plain.flushMethod());
        assertSame(named, named.flushingByDefault(FlushMethod.IPI));
        CatalogueRow moved = plain.flushingByDefault(FlushMethod.INVLPGB);
        assertEquals(FlushMethod.INVLPGB, moved.flushMethod());
        assertEquals(FlushMethod.INVLPGB, moved.scenario().flush());
        CheckResult r = EXPLORER.check(moved, 60_000);
        assertEquals(Verdict.PASSED, r.verdict(), "CPA-4 stays safe on INVLPGB: cpa_lock still spans the window");
        assertTrue(r.bound().contains("flush invlpgb"), r.bound());
    }

    /**
     * SNP-2-fastpath's race does not need CPU2's interrupts held off: its shortest trace ends
     * before the split's flush starts, so it is the same trace on an INVLPGB machine (where no
     * interrupt flag would hold the flush back anyway).
     */
    @Tag("deep") // two shortest-trace searches: about 8 s
    @Test
    void theFastPathRaceHasTheSameShortestTraceOnInvlpgb() {
        // The searches themselves, not the engine: a campaign stops its search for a shorter
        // trace after ten seconds, which a loaded machine can reach first.
        Counterexample ipi = shortest("SNP-2-fastpath");
        Counterexample invlpgb = shortest("SNP-2-fastpath-invlpgb");
        assertEquals(Hazard.Kind.H3_RMP_FAULT, invlpgb.hazard().kind());
        assertEquals(actions(ipi.trace()), actions(invlpgb.trace()));
        assertTrue(invlpgb.trace().stream().noneMatch(e -> e.action().contains("IPI") || e.action().contains("INVLPGB")),
                "the write faults before CPU0's flush_tlb_all() is issued");
    }

    private static Counterexample shortest(String id) {
        CatalogueRow row = Catalogue.find(id).orElseThrow();
        Explorer explorer = new Explorer(row.variant(), row.scenario());
        Budget budget = new Budget(2_000_000, 600_000);
        return explorer.shortest(explorer.explore(budget).counterexample(), budget);
    }

    @Test
    void aReplayFileSaysHowTheMachineFlushed() {
        CatalogueRow row = Catalogue.find("SNP-2-fastpath-invlpgb").orElseThrow();
        ReplaySpec spec = ReplaySpec.of(row.variant(), row.scenario(), List.of(0, 1));
        assertTrue(spec.text(TraceFormatter.DEFAULT_WIDTH).contains("\nflush: invlpgb\n"), spec.text(TraceFormatter.DEFAULT_WIDTH));
        assertEquals(FlushMethod.INVLPGB, ReplaySpec.parse(spec.text(TraceFormatter.DEFAULT_WIDTH) + "schedule: 0,1\n").scenario().flush());
        String older = spec.text(TraceFormatter.DEFAULT_WIDTH).replace("flush: invlpgb\n", "") + "schedule: 0,1\n";
        assertEquals(FlushMethod.IPI, ReplaySpec.parse(older).scenario().flush(), "files from before the choice flushed by IPI");
    }

    private static List<String> actions(List<TraceEvent> trace) {
        return trace.stream().map(e -> e.cpu() + " " + e.action()).toList();
    }
}
