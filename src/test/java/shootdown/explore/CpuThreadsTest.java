package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * The CPUs' threads outlive an execution: the next one reuses them, as starting threads costs
 * more than a short execution. Waiting for them must wait for the bodies to finish, and a
 * discarded pool (an execution abandoned with a thread stuck in it) must not be reused.
 */
class CpuThreadsTest {
    @Test
    void bodiesRunOnTheirWorkersAndAwaitingWaitsForThemAll() {
        CpuThreads pool = new CpuThreads();
        AtomicReferenceArray<Thread> ranOn = new AtomicReferenceArray<>(2);
        Runnable[] bodies = new Runnable[2];
        for (int i = 0; i < 2; i++) {
            int cpu = i;
            bodies[i] = () -> {
                sleep(30 * (cpu + 1));
                ranOn.set(cpu, Thread.currentThread());
            };
        }
        Thread[] threads = pool.start(bodies);
        pool.awaitIdle(2);
        for (int i = 0; i < 2; i++) {
            assertSame(threads[i], ranOn.get(i), "body " + i + " finished, on worker " + i);
            assertEquals("cpu" + i, threads[i].getName());
            assertTrue(threads[i].isDaemon(), "a worker never keeps the JVM alive");
        }
        assertArrayEquals(threads, pool.start(new Runnable[] {() -> {}, () -> {}}), "the next execution reuses them");
        pool.awaitIdle(2);
        Thread[] wider = pool.start(new Runnable[] {() -> {}, () -> {}, () -> {}});
        pool.awaitIdle(3);
        assertSame(threads[1], wider[1]);
        assertEquals("cpu2", wider[2].getName(), "a third CPU gets a new worker");
        pool.discard();
        Thread[] fresh = pool.start(new Runnable[] {() -> {}});
        pool.awaitIdle(1);
        assertNotSame(threads[0], fresh[0], "discarded workers are not reused");
    }

    /** A pool starts one thread per CPU, no spare. */
    @Test
    void aPoolStartsAsManyThreadsAsCpusAndNoMore() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        CpuThreads pool = new CpuThreads();
        pool.start(new Runnable[] {() -> {}, () -> {}});
        pool.awaitIdle(2);
        long started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("cpu")).count();
        assertEquals(2, started);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
