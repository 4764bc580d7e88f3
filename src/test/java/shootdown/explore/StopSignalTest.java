package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.model.Model;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofSpace;
import shootdown.prove.Prover;

/**
 * A search told to stop from outside (SIGTERM, Ctrl-C: see the prove command) stops as at the end
 * of a budget: INCONCLUSIVE, with the states it covered and the signal as its reason, never PROVED.
 */
class StopSignalTest {
    private static final Model CPA = Models.named("cpa");

    @Test
    void aSignalStopsTheOneSearchOverTheBoundWithWhatItCovered() throws Exception {
        StopSignal stop = new StopSignal();
        // CPA at 3x2 takes seconds: stopped after 300 ms it cannot have finished.
        Thread sender = new Thread(() -> {
            sleep(300);
            stop.request("the test");
        });
        sender.start();
        ProofResult r = new Prover(ProofSpace.of(CPA, new Bound(3, 2)), new Budget(Long.MAX_VALUE, 600_000).stoppedBy(stop))
                .prove(Models.variant(CPA, "mainline"));
        sender.join();
        assertEquals(ProofResult.Status.INCONCLUSIVE, r.status());
        assertEquals("stopped by the test", r.stopReason());
        assertTrue(StopSignal.signalled(r.stopReason()));
        assertTrue(r.states() > 1_000, "it keeps what it covered: " + r.states() + " states");
    }

    @Test
    void aSignalStopsTheSearchOfOneScenarioToo() {
        CatalogueRow row = Catalogue.find("CPA-4").orElseThrow();
        StopSignal stop = new StopSignal();
        stop.request("the test");
        ProofResult r = new Prover(ProofSpace.of(CPA, row.scenario()), new Budget(Long.MAX_VALUE, 600_000).stoppedBy(stop))
                .prove(row.variant());
        assertEquals(ProofResult.Status.INCONCLUSIVE, r.status());
        assertFalse(r.oneSearch());
        assertEquals("stopped by the test", r.stopReason());
        assertEquals(0, r.scenariosExplored(), "no scenario counts as exhausted");
    }

    @Test
    void theSignalNoOneSendsCannotBeSent() {
        assertThrows(IllegalStateException.class, () -> StopSignal.NEVER.request("anyone"));
        assertFalse(StopSignal.signalled("time budget of 10 ms spent"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
