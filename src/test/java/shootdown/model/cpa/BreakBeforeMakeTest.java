package shootdown.model.cpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.explore.Budget;
import shootdown.machine.Hazard;
import shootdown.machine.Lookup;
import shootdown.machine.Pte;
import shootdown.model.Variant;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofSpace;
import shootdown.prove.Prover;

/**
 * The SDM's way to change a page's size ("clear P, invalidate, then write the new entry") is
 * what the kernel cannot do on the direct map: between the clear and the install every other
 * CPU may touch a page of the range, and its walk finds nothing present (H6). The kernel swaps
 * the entry in one store instead, with attributes that match.
 */
class BreakBeforeMakeTest {
    @Test
    void aSplitThatClearsTheLargeEntryFirstLetsAnotherCpuTouchANotPresentPage() {
        Variant broken = Variant.of(CpaModel.INSTANCE, "break-before-make", "split: clear the 2M entry, flush, then "
                + "install the table", "Intel SDM vol. 3 4.10.4.2 (older 4.10.3.2)", SetMemory.class, BreakBeforeMake::new);
        ProofResult r = new Prover(ProofSpace.of(CpaModel.INSTANCE, new Bound(2, 1)), new Budget(1_000_000, 60_000))
                .prove(broken);
        assertEquals(ProofResult.Status.REFUTED, r.status());
        Hazard h = r.counterexample().hazard();
        assertEquals(Hazard.Kind.H6_NOT_PRESENT_ACCESS, h.kind());
        assertTrue(h.message().startsWith("an access of 0x1 on CPU"), h.message());
        assertTrue(h.evidence().get(0).contains("2M pfn 0x0 NP"), "the live walk ends at the cleared entry: " + h.evidence());
        assertTrue(h.evidence().get(1).contains("TLB may still hold"), h.evidence().toString());
        assertEquals("touch(0x1)", r.witnessScenario().opsPerCpu().stream().flatMap(java.util.List::stream)
                .filter(op -> op.name().equals("touch")).findFirst().orElseThrow().toString());
    }

    /** {@code __split_large_page()} with the large entry cleared and flushed before the table goes in. */
    public static final class BreakBeforeMake extends SetMemory {
        @Override
        protected int __split_large_page(CpaData cpa, Lookup kpte, long address, int base) {
            cpu.spin_lock(pgd_lock);
            Lookup tmp = cpu.lookup_address(address);
            if (!tmp.kpte().equals(kpte.kpte())) {
                cpu.spin_unlock(pgd_lock);
                return 1;
            }
            cpu.split_set_ptes(base, tmp.value());
            cpu.__set_pmd_pte(kpte.kpte(), tmp.value().withProt(tmp.value().prot().withPresent(false)), address);
            cpu.flush_tlb_all();
            cpu.__set_pmd_pte(kpte.kpte(), Pte.table(base), address);
            cpu.spin_unlock(pgd_lock);
            return 0;
        }
    }
}
