package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/**
 * A campaign gives up on a check past its budget by interrupting the thread that runs it. The
 * threaded search then stops at once, with an exception rather than a verdict (an interrupted
 * search proved nothing), and leaves its CPU threads behind: the next search, on the same JVM,
 * gets new ones and runs as if nothing happened.
 */
class ExecutionInterruptTest {
    @Test
    void anInterruptedSearchStopsAndTheNextOneRuns() throws InterruptedException {
        CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();
        AtomicReference<String> answer = new AtomicReference<>("still running");
        Thread search = new Thread(() -> {
            try {
                Exploration e = new Explorer(cpa4.variant(), cpa4.scenario()).exploreThreaded(new Budget(100_000_000, 600_000));
                answer.set("finished: " + e.stopReason());
            } catch (IllegalStateException e) {
                answer.set(e.getMessage());
            }
        });
        search.start();
        Thread.sleep(300);
        search.interrupt();
        search.join(20_000);
        assertFalse(search.isAlive(), "the search did not stop when interrupted");
        assertEquals("exploration interrupted", answer.get());

        CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
        Exploration next = new Explorer(cpa3.variant(), cpa3.scenario()).exploreThreaded(Budget.DEFAULT);
        assertTrue(next.refuted(), "the next search, on new CPU threads, finds CPA-3's race: " + next.stopReason());
    }
}
