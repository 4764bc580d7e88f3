package shootdown.model.wb;

import shootdown.prove.ProofSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.explore.Budget;
import shootdown.campaign.Models;
import shootdown.model.Op;
import shootdown.prove.Bound;
import shootdown.model.Variant;
import shootdown.prove.ProofResult;
import shootdown.prove.Prover;

/** Bounded proofs over the WB alphabet: every mix of KVM_RUNs, reclaims and a migration on 2 CPUs. */
class WbProofTest {
    private static final Budget BUDGET = new Budget(5_000_000, 120_000);

    private static Prover prover(int cpus, int ops) {
        return new Prover(ProofSpace.of(WbModel.INSTANCE, new Bound(cpus, ops)), BUDGET);
    }

    private static Variant variant(String id) {
        return Models.variant(WbModel.INSTANCE, id);
    }

    @Test
    void theStickyMaskIsProvedOverEveryScenarioOfTwoCpus() {
        ProofResult r = prover(2, 1).prove(variant("WB-1"));
        assertEquals(ProofResult.Status.PROVED, r.status(), r.stopReason());
        assertEquals(21, r.scenarios(), "6 operations on 2 interchangeable CPUs");
        assertEquals(r.scenarios(), r.scenariosExplored(), "every scenario exhausted");
        assertNull(r.counterexample());
        assertTrue(r.states() > 0);
    }

    /**
     * WB-5 is WB-1 with the lock prefix of the bit set removed: two CPUs marking at once can
     * lose a bit, a final state the atomic set never leaves even before any reclaim reads it.
     */
    @Test
    void droppingTheLockedBitSetIsRejectedForALostBit() {
        ProofResult r = prover(2, 1).compare(variant("WB-1"), variant("WB-5"));
        assertEquals(ProofResult.Status.REFUTED, r.status());
        assertNull(r.counterexample(), "no reclaim in that scenario: no hazard, an outcome");
        assertNotNull(r.onlyUnlocked());
        List<List<Op>> ops = r.witnessScenario().opsPerCpu();
        assertEquals(List.of(List.of(new Op("kvm_arch_vcpu_ioctl_run", 0)),
                List.of(new Op("kvm_arch_vcpu_ioctl_run", 1))), ops, "both vCPUs run, one on each CPU");
        assertTrue(r.onlyUnlocked().contains("CPU0 dirty") && r.onlyUnlocked().contains("CPU1 dirty"),
                r.onlyUnlocked());
        assertTrue(r.onlyUnlocked().contains("have_run_cpus={0}") || r.onlyUnlocked().contains("have_run_cpus={1}"),
                "one CPU ran the guest and is missing from the mask: " + r.onlyUnlocked());
    }
}
