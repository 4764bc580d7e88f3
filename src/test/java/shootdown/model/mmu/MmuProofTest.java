package shootdown.model.mmu;

import shootdown.prove.ProofSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.campaign.Models;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.prove.Bound;
import shootdown.model.Variant;
import shootdown.prove.ProofResult;
import shootdown.prove.Prover;

/** Bounded proofs over the MMU alphabet: faults, zap-oldest and the shrinker on one shared root. */
class MmuProofTest {
    private static final Budget BUDGET = new Budget(5_000_000, 120_000);

    private static Prover prover(int cpus, int ops) {
        return new Prover(ProofSpace.of(MmuModel.INSTANCE, new Bound(cpus, ops)), BUDGET);
    }

    private static Variant variant(String id) {
        return Models.variant(MmuModel.INSTANCE, id);
    }

    /** The bound where skipping the lookup leaks (below) is the bound where the lookup is proved. */
    @Test
    void lookupBeforeAllocateIsProvedAtTwoOperationsPerCpu() {
        ProofResult r = prover(2, 2).prove(variant("MMU-1"));
        assertEquals(ProofResult.Status.PROVED, r.status(), r.stopReason());
        assertEquals(325, r.scenarios(), "25 sequences of 2 operations, as multisets of 2 CPUs");
        assertEquals(r.scenarios(), r.scenariosExplored(), "every scenario exhausted");
    }

    @Test
    void skippingTheLookupIsRejectedForTheOrphanItLeaks() {
        ProofResult r = prover(2, 2).compare(variant("MMU-1"), variant("MMU-2"));
        assertEquals(ProofResult.Status.REFUTED, r.status());
        assertNotNull(r.counterexample(), "a hazard, not only another outcome");
        assertEquals(Hazard.Kind.H5_LEAK, r.counterexample().hazard().kind());
        List<Op> all = r.witnessScenario().opsPerCpu().stream().flatMap(List::stream).toList();
        assertTrue(all.contains(new Op("make_mmu_pages_available", 1)), "zap-oldest makes the orphan: " + all);
        assertTrue(all.stream().filter(op -> op.name().equals("kvm_mmu_page_fault")).count() >= 2,
                "a fault builds, a re-fault duplicates: " + all);
    }

    /**
     * Two vCPUs race to build the same tables; the loser allocated a page and freed it, so page
     * ids differ with the winner, but the tables left behind do not: one outcome, not one per
     * winner.
     */
    @Test
    void theTdpRaceLeavesOneOutcomeWhoeverWins() {
        Op fault = new Op("kvm_mmu_page_fault", 0);
        Scenario s = new Scenario("race", "direct-root4", "", List.of(List.of(fault), List.of(fault)));
        Exploration e = new Explorer(variant("TDP-1"), s).exploreOutcomes(BUDGET);
        assertTrue(e.exhausted());
        assertEquals(1, e.outcomes().size(), e.outcomes().keySet().toString());
        String outcome = e.outcomes().keySet().iterator().next();
        assertTrue(outcome.contains("tdp=2"), outcome);
        assertTrue(!outcome.contains("sp#"), "no page id in an outcome: " + outcome);
    }
}
