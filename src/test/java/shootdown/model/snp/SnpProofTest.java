package shootdown.model.snp;

import shootdown.prove.ProofSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.explore.Budget;
import shootdown.machine.Hazard;
import shootdown.campaign.Models;
import shootdown.model.Op;
import shootdown.prove.Bound;
import shootdown.model.Variant;
import shootdown.prove.ProofResult;
import shootdown.prove.Prover;

/** Bounded proofs over the SNP alphabet: conversions, host writes, CPA and two guest accesses to one 2M folio. */
class SnpProofTest {
    private static final Budget BUDGET = new Budget(5_000_000, 120_000);

    private static Prover prover(int cpus, int ops) {
        return new Prover(ProofSpace.of(SnpModel.INSTANCE, new Bound(cpus, ops)), BUDGET);
    }

    private static Variant variant(String id) {
        return Models.variant(SnpModel.INSTANCE, id);
    }

    @Test
    void theMergedDesignIsProvedOverEveryScenarioOfTwoCpus() {
        ProofResult r = prover(2, 1).prove(variant("SNP-2"));
        assertEquals(ProofResult.Status.PROVED, r.status(), r.stopReason());
        assertEquals(15, r.scenarios(), "5 operations, as multisets of 2 CPUs");
        assertEquals(r.scenarios(), r.scenariosExplored(), "every scenario exhausted");
    }

    /** The same bound tells the designs apart: with no direct-map adjustment a neighbour's write faults. */
    @Test
    void noAdjustmentIsRefutedAtTheSameBound() {
        ProofResult r = prover(2, 1).prove(variant("SNP-1"));
        assertEquals(ProofResult.Status.REFUTED, r.status());
        assertEquals(Hazard.Kind.H3_RMP_FAULT, r.counterexample().hazard().kind());
    }

    /** SNP-2+CPA-3: the on-demand split without cpa_lock is the splitter of Gleixner's interleaving. */
    @Test
    void removingCpaLockUnderTheMergedDesignIsRejected() {
        ProofResult r = prover(2, 1).compare(variant("SNP-2"), variant("SNP-2+CPA-3"));
        assertEquals(ProofResult.Status.REFUTED, r.status());
        assertNotNull(r.counterexample(), "a hazard, not only another outcome");
        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, r.counterexample().hazard().kind());
        List<Op> all = r.witnessScenario().opsPerCpu().stream().flatMap(List::stream).toList();
        assertTrue(all.contains(new Op("rmp_make_private", 0)) && all.contains(new Op("set_memory_ro", 3)),
                "the conversion splits, CPA's 4K path writes a PTE under it: " + all);
    }
}
