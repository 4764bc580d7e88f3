package shootdown.model.wb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;

/** Every WB catalogue row, explored exhaustively, and the shape of each refutation. */
class WbCatalogueTest {
    private static final Map<String, Exploration> EXPLORED = new ConcurrentHashMap<>();

    private static Exploration explore(String id) {
        return EXPLORED.computeIfAbsent(id, key -> {
            CatalogueRow row = Catalogue.find(key).orElseThrow();
            return new Explorer(row.variant(), row.scenario()).explore(new Budget(1_000_000, 120_000));
        });
    }

    private static int indexOf(List<TraceEvent> trace, Predicate<TraceEvent> what) {
        for (int i = 0; i < trace.size(); i++) if (what.test(trace.get(i))) return i;
        return -1;
    }

    /** Each racy row: the trace ends with the reclaim returning while the named CPU holds dirty lines. */
    @ParameterizedTest
    @CsvSource({"WB-2", "WB-3", "WB-4", "WB-5"})
    void racyRowsEndWithAReclaimReturningOverAnotherCpusDirtyLines(String id) {
        Exploration e = explore(id);
        assertTrue(e.refuted(), id + " must be refuted");
        Hazard h = e.counterexample().hazard();
        assertEquals(Hazard.Kind.H4_DIRTY_CACHE_ON_RECLAIM, h.kind());
        List<TraceEvent> trace = e.counterexample().trace();
        TraceEvent last = trace.get(trace.size() - 1);
        assertEquals("kvm_mmu_notifier_invalidate_range_start", last.function());
        assertTrue(last.action().startsWith("returns: gfn"), last::action);
        assertTrue(last.action().contains("CPU" + h.cpu() + " still holds"), last::action);
        assertEquals(h.actorCpu(), last.cpu(), "the reclaimer returns");
        assertEquals(h.step(), last.step());
        assertTrue(trace.stream().anyMatch(t -> t.cpu() == h.cpu() && t.action().startsWith("VMRUN")),
                "the victim ran the guest");
    }

    /** WB-2: the second flusher finds the bit already cleared by the first, whose IPI is still pending. */
    @Test
    void wb2TheSecondFlusherSkipsACpuTheFirstClearedButHasNotFlushed() {
        Exploration e = explore("WB-2");
        Hazard h = e.counterexample().hazard();
        List<TraceEvent> trace = e.counterexample().trace();
        int cleared = indexOf(trace, t -> t.action().startsWith("cpumask_test_and_clear_cpu(" + h.cpu() + ",")
                && t.action().contains("= true") && t.cpu() != h.actorCpu());
        assertTrue(cleared >= 0, "another flusher cleared the victim's bit");
        int flusher = trace.get(cleared).cpu();
        assertTrue(trace.stream().anyMatch(t -> t.cpu() == flusher && t.action().startsWith("on_each_cpu_mask")));
        assertTrue(trace.stream().noneMatch(t -> t.cpu() == h.cpu() && t.action().startsWith("takes IPI")),
                "the victim has not taken the first flusher's IPI");
        assertTrue(trace.stream().noneMatch(t -> t.cpu() == flusher && t.action().startsWith("returns")),
                "the first flusher is still waiting for it");
    }

    /** WB-3: the victim took the flush, ran the guest again, then the flusher cleared its bit. */
    @Test
    void wb3TheFlusherClearsTheBitOfACpuThatRanTheGuestAfterItsFlush() {
        Exploration e = explore("WB-3");
        int victim = e.counterexample().hazard().cpu();
        List<TraceEvent> trace = e.counterexample().trace();
        int flushed = indexOf(trace, t -> t.cpu() == victim && t.action().startsWith("takes IPI"));
        int ranAgain = indexOf(trace.subList(flushed + 1, trace.size()),
                t -> t.cpu() == victim && t.action().startsWith("VMRUN")) + flushed + 1;
        int clear = indexOf(trace, t -> t.action().startsWith("cpumask_clear_cpu(" + victim + ","));
        assertTrue(flushed >= 0 && ranAgain > flushed && clear > ranAgain, "flush, VMRUN again, then the clear");
    }

    /** WB-4: marked at vcpu_load only, the loaded vCPU runs again after its bit was cleared. */
    @Test
    void wb4ALoadedVcpuRunsAgainWithItsBitClearedAndNeverRemarks() {
        Exploration e = explore("WB-4");
        int victim = e.counterexample().hazard().cpu();
        List<TraceEvent> trace = e.counterexample().trace();
        int cleared = indexOf(trace, t -> t.action().startsWith("cpumask_test_and_clear_cpu(" + victim + ",")
                && t.action().contains("= true"));
        assertTrue(cleared >= 0);
        List<TraceEvent> after = trace.subList(cleared + 1, trace.size());
        assertTrue(after.stream().anyMatch(t -> t.cpu() == victim && t.action().startsWith("VMRUN")));
        assertTrue(after.stream().noneMatch(t -> t.action().startsWith("cpumask_set_cpu(" + victim + ",")));
        assertTrue(after.stream().noneMatch(t -> t.cpu() == victim && t.action().startsWith("vcpu_load")),
                "no new vcpu_load marked it again");
    }

    /** WB-5: both CPUs load the mask word before either stores it back. */
    @Test
    void wb5TwoPlainReadModifyWritesOfOneWordLoseTheVictimsBit() {
        Exploration e = explore("WB-5");
        int victim = e.counterexample().hazard().cpu();
        List<TraceEvent> trace = e.counterexample().trace();
        int victimLoad = indexOf(trace, t -> t.cpu() == victim && t.action().contains(": load have_run_cpus"));
        int victimStore = indexOf(trace, t -> t.cpu() == victim && t.action().contains(": store have_run_cpus"));
        int otherLoad = indexOf(trace, t -> t.cpu() != victim && t.action().contains(": load have_run_cpus"));
        int otherStore = indexOf(trace, t -> t.cpu() != victim && t.action().contains(": store have_run_cpus"));
        assertTrue(otherLoad < victimStore && victimStore < otherStore && victimLoad < otherStore,
                "the other CPU loaded before the victim's store and stored after it");
    }

    /** WB-6, the design the kernel's to-do comment proposes: measured, not documented; a change to the model can flip it. */
    @Test
    void wb6PassesItsRowExhausted() {
        Exploration e = explore("WB-6");
        assertFalse(e.refuted(), () -> "WB-6: " + e.counterexample().hazard());
        assertTrue(e.exhausted());
    }

    /** WB-6 on the scenarios that refute WB-2..WB-5: each explored to the end. */
    @ParameterizedTest
    @CsvSource({"vcpu-vs-two-reclaims", "two-reclaimers", "two-vcpus-mark", "ioctl-load-vs-reclaims"})
    void wb6PassesEveryScenarioThatRefutesAnotherDesign(String name) {
        Scenario scenario = Catalogue.scenario(WbModel.INSTANCE, name);
        Exploration e = new Explorer(WbModel.INSTANCE.variant("serialized-clear"), scenario)
                .explore(new Budget(1_000_000, 60_000));
        assertFalse(e.refuted(), () -> name + ": " + e.counterexample().hazard());
        assertTrue(e.exhausted());
    }
}
