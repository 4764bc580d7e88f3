package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;

/**
 * A campaign gives up on a check past its budget by interrupting the thread that runs it. The
 * threaded search then stops at once, never with a verdict (an interrupted search proved
 * nothing): with an exception if the interrupt lands inside an execution, which leaves its CPU
 * threads behind, or as a search stopped "interrupted", not exhausted, if it lands between two.
 * Either way the next search, on the same JVM, runs as if nothing happened.
 */
class ExecutionInterruptTest {
    @Test
    void anInterruptedSearchStopsAndTheNextOneRuns() throws InterruptedException {
        // Three CPUs, two changes each, every interleaving: minutes of executions, so it is still running when interrupted.
        Scenario large = new Scenario("large", "2m", "", ScenarioText.parseOps("CPU0: set_memory_ro(0x0), set_memory_4k(0x1)"
                + " | CPU1: set_memory_ro(0x1), touch(0x0) | CPU2: set_memory_4k(0x0), touch(0x1)"));
        Variant mainline = Models.named("cpa").variant("mainline");
        AtomicReference<String> answer = new AtomicReference<>("still running");
        Thread search = new Thread(() -> {
            try {
                Exploration e = new Explorer(mainline, large, false).exploreThreaded(new Budget(100_000_000, 600_000));
                answer.set((e.exhausted() ? "exhausted: " : "stopped: ") + e.stopReason());
            } catch (IllegalStateException e) {
                answer.set(e.getMessage());
            }
        });
        search.start();
        Thread.sleep(300);
        search.interrupt();
        search.join(20_000);
        assertFalse(search.isAlive(), "the search did not stop when interrupted");
        assertTrue(answer.get().equals("exploration interrupted") || answer.get().equals("stopped: interrupted"),
                answer.get());

        CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
        Exploration next = new Explorer(cpa3.variant(), cpa3.scenario()).exploreThreaded(Budget.DEFAULT);
        assertTrue(next.refuted(), "the next search, on new CPU threads, finds CPA-3's race: " + next.stopReason());
    }
}
