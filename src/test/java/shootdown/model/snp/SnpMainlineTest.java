package shootdown.model.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import shootdown.machine.Hex;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.machine.TraceEvent;
import shootdown.explore.Choice;
import shootdown.explore.Counterexample;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.machine.RmpEntry;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * What the mainline SNP rows rest on (CatalogueVerdictTest checks their verdicts): the 2M entry at
 * the aligned frame, no 2M entry at all with order-0 folios, and RMPUPDATE's FAIL_OVERLAP retry.
 * Each runs the row's scenario on the round-robin schedule of the cost runs and reads its trace.
 */
class SnpMainlineTest {
    private record Run(List<TraceEvent> trace, Map<String, Long> counters, String hazard) {
        boolean any(String text) {
            return trace.stream().anyMatch(t -> t.action().contains(text));
        }
    }

    private static Run lockstep(String id) {
        CatalogueRow row = Catalogue.find(id).orElseThrow();
        LockstepSched sched = new LockstepSched(row.scenario().cpus());
        ModelInstance instance = SnpModel.INSTANCE.newInstance(row.variant(), row.scenario(), sched);
        instance.machine().inspect().enableTrace();
        sched.run(instance);
        return new Run(instance.machine().inspect().trace(), instance.machine().inspect().counters(),
                sched.hazard() == null ? null : sched.hazard().hazard().toString());
    }

    @Test
    void mainlineAsksForThe2mEntryAtTheAlignedFrameAndGpa() {
        Run r = lockstep("SNP-7m");
        assertNull(r.hazard());
        assertTrue(r.any("RMPUPDATE(0x200, assigned 2M ASID 1 gpa 0x200) starts"), "folio 0x200 for gfn 0x201");
        assertTrue(r.any("RMPUPDATE(0x400, assigned 2M ASID 1 gpa 0x400) starts"), "folio 0x400 for gfn 0x402");
        assertFalse(r.any("Failed to update RMP entry"));
        assertEquals(2, r.counters().get("PSMASH"), "each 2M entry is split on its SIZEM fault");
    }

    @Test
    void orderZeroFoliosNeverGiveA2mEntry() {
        Run r = lockstep("SNP-8");
        assertNull(r.hazard());
        assertFalse(r.any("assigned 2M"), "max_level_for_order(0) is 4K");
        assertFalse(r.any("is_pfn_range_shared"), "the RMP range is not even scanned");
        assertFalse(r.counters().containsKey("PSMASH"));
        assertTrue(r.any("RMPUPDATE(0x201) completes: RMP entry now assigned 4K ASID 1 gpa 0x201"));
    }

    @Test
    void anOverlappingRmpupdateIsRetriedUntilItGoesThrough() {
        Run r = lockstep("SNP-9");
        assertNull(r.hazard());
        assertTrue(r.counters().getOrDefault("RMPUPDATE retries (FAIL_OVERLAP)", 0L) > 0, r.counters().toString());
        assertTrue(r.any("= FAIL_OVERLAP"));
        assertTrue(r.any("RMPUPDATE(0x201) completes: RMP entry now assigned 4K ASID 1 gpa 0x201"));
        assertTrue(r.any("RMPUPDATE(0x300) completes: RMP entry now assigned 4K ASID 1 gpa 0x300"));
    }

    /** A host conversion that starts its RMPUPDATE of the 2M range and never finishes it. */
    static class StuckUpdate extends SvmSev {
        @Override
        public int rmp_make_shared(long pfn, PageSize level) {
            long range = PageSize.SIZE_2M.alignDown(pfn);
            int me = cpu.id();
            return cpu.step(core -> core.device(Rmp.class).rmpupdate_start(me, range, RmpEntry.shared(PageSize.SIZE_2M)),
                    r -> "RMPUPDATE(" + Hex.of(range) + ", shared 2M) starts and never completes");
        }
    }

    /** CPU1 starts the update that never completes, then the vCPU on CPU0 runs as far as it can. */
    private static Counterexample againstAStuckUpdate(Variant guestSide) {
        Variant variant = guestSide.with(guestSide.name() + "+stuck", "", SvmSev.class, StuckUpdate::new);
        Scenario s = new Scenario("stuck", "2m+guest-2m", "",
                List.of(List.of(new Op("guest_access", 0x201)), List.of(new Op("rmp_make_shared", 0x200))));
        List<Integer> schedule = new java.util.ArrayList<>(List.of(Choice.step(1)));
        for (int i = 0; i < 60; i++) schedule.add(Choice.step(0)); // more than the vCPU ever takes
        return new Explorer(variant, s).replay(schedule);
    }

    /**
     * snp_rmptable_psmash() spins while PSMASH returns FAIL_INUSE. An update that never completes
     * makes that spin endless: the explorer reports the vCPU that can never move on, it does not hang.
     */
    @Test
    void aPsmashSpinThatCanNeverEndIsReportedNotHung() {
        Counterexample c = againstAStuckUpdate(SnpModel.INSTANCE.variant("merged"));
        assertEquals(Hazard.Kind.DEADLOCK, c.hazard().kind(), c.hazard()::toString);
        assertTrue(c.hazard().message().contains("CPU0 did not finish"), c.hazard()::message);
        assertTrue(c.trace().stream().anyMatch(t -> t.action().contains("PSMASH(0x200) = FAIL_INUSE")));
    }

    /** Seed 001's handler PSMASHes once: the same contention shows as faults that never change anything. */
    @Test
    void onePsmashPerFaultTurnsTheSameContentionIntoAGuestLivelock() {
        Counterexample c = againstAStuckUpdate(SnpModel.INSTANCE.variant("seed001-prepare"));
        assertEquals(Hazard.Kind.LIVELOCK, c.hazard().kind(), c.hazard()::toString);
    }
}
