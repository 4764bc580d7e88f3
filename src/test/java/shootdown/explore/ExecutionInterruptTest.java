package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;

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

    /**
     * Model code can hang (a planted flush that waits forever, as a model bug would): the CPU
     * thread never comes back to the machine. Interrupted, the search gives up on that execution
     * at once and leaves the stuck thread behind; the next search runs on new threads.
     */
    @Test
    void aCpuStuckInModelCodeIsLeftBehind() throws InterruptedException {
        CountDownLatch stuck = new CountDownLatch(1), release = new CountDownLatch(1);
        Variant hanging = Variant.of(CpaModel.INSTANCE, "hanging-flush", "cpa_flush() that never returns", "planted",
                SetMemory.class, () -> new HangingFlush(stuck, release));
        Scenario scenario = new Scenario("one split", "2m", "",
                ScenarioText.parseOps("CPU0: set_memory_4k(0x0) | CPU1: touch(0x1)"));
        AtomicReference<String> answer = new AtomicReference<>("still running");
        Thread search = new Thread(() -> {
            try {
                new Explorer(hanging, scenario, false).exploreThreaded(Budget.DEFAULT);
                answer.set("returned");
            } catch (IllegalStateException e) {
                answer.set(e.getMessage());
            }
        });
        try {
            search.start();
            assertTrue(stuck.await(20, TimeUnit.SECONDS), "the planted flush was reached");
            search.interrupt();
            search.join(20_000);
            assertFalse(search.isAlive(), "the search did not give up on the stuck CPU");
            assertEquals("exploration interrupted", answer.get());

            CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
            AtomicReference<Exploration> next = new AtomicReference<>();
            Thread after = new Thread(() -> next.set(new Explorer(cpa3.variant(), cpa3.scenario())
                    .exploreThreaded(Budget.DEFAULT)));
            after.start();
            after.join(20_000);
            assertFalse(after.isAlive(), "the next search waits for the stuck CPU's thread");
            assertTrue(next.get().refuted(), "and finds CPA-3's race on new threads");
        } finally {
            release.countDown(); // the stuck thread returns to the machine, finds its execution abandoned, and ends
        }
    }

    /** {@code cpa_flush()} that waits, deaf to interrupts, until the test lets it go. */
    static final class HangingFlush extends SetMemory {
        private final CountDownLatch stuck, release;

        HangingFlush(CountDownLatch stuck, CountDownLatch release) {
            this.stuck = stuck;
            this.release = release;
        }

        @Override
        protected void cpa_flush(CpaData cpa) {
            stuck.countDown();
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    // hung code does not notice
                }
            }
            super.cpa_flush(cpa);
        }
    }
}
