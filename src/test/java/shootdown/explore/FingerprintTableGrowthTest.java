package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Growth is where a lock-free table loses states: an insert that lands in the old arrays after
 * the grower copied them is gone. Here every state falls in one segment, so it grows over and
 * over while four threads insert, each state twice by two threads at about the same time. A
 * thread that does not wait for the growth, or a grower that does not wait for the inserters,
 * drops states; a thread that reads a slot's second word before it is written takes a state
 * for new twice; one that leaves its inserting flag up stalls the next growth for ever.
 */
class FingerprintTableGrowthTest {
    private static final int THREADS = 4;

    /**
     * The i-th state of thread t: distinct and nonzero for every (t, i) (an odd multiplier is a
     * bijection modulo 2^58), spread over the bits that pick a start slot, and with the top
     * {@value FingerprintTable#SEGMENT_BITS} bits zero: all in segment 0.
     */
    private static long first(int t, int i) {
        long n = ((long) i << 8 | t) + 1;
        return n * 0x9E3779B97F4A7C15L & (1L << (64 - FingerprintTable.SEGMENT_BITS)) - 1;
    }

    @Test
    void statesInsertedWhileTheirSegmentGrowsAreAllKept() throws Exception {
        FingerprintTable table = new FingerprintTable(Long.MAX_VALUE, THREADS);
        int perThread = 150_000;
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicLong news = new AtomicLong();
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                int neighbour = (thread + 1) % THREADS;
                for (int i = 0; i < perThread; i++) { // each state twice, by two threads at about the same time
                    if (table.insert(thread, first(thread, i), i + 1)) news.incrementAndGet();
                    if (table.insert(thread, first(neighbour, i), i + 1)) news.incrementAndGet();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertEquals((long) THREADS * perThread, news.get(), "each state new exactly once");
        assertEquals((long) THREADS * perThread, table.size());
        long[] kept = {0};
        table.forEach((first, second) -> kept[0]++);
        assertEquals((long) THREADS * perThread, kept[0], "states lost while the segment grew");
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < perThread; i++) {
                assertTrue(table.contains(first(t, i), i + 1), "thread " + t + "'s state " + i + " lost");
            }
        }
    }

    /** The refusal says what the growth would have taken, and that it would not have fitted. */
    @Test
    void aRefusedGrowthSaysWhatItWouldNeed() {
        long budget = 3L << 20;
        FingerprintTable table = new FingerprintTable(budget, 1);
        String message = null;
        try {
            for (int i = 0; ; i++) table.insert(0, first(0, i), 1);
        } catch (FingerprintTable.Full e) {
            message = e.getMessage();
        }
        Matcher m = Pattern.compile("would need (\\d+) MB besides its (\\d+) MB, past the memory budget of 3 MB")
                .matcher(message);
        assertTrue(m.find(), message);
        long need = Long.parseLong(m.group(1)), has = Long.parseLong(m.group(2));
        assertEquals(table.bytes() >> 20, has, message);
        // All in one segment: it holds nearly all the table, and would grow by half of itself.
        assertTrue(need >= 1 && need + has >= 3 && need <= 2 * has + 1, message);
    }
}
