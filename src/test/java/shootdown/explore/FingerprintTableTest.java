package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The visited-state table: each fingerprint is new exactly once, whichever thread puts it in
 * and however often the table grows meanwhile; and it grows a segment at a time, so it uses
 * nearly all the memory it is given before it refuses to grow.
 */
class FingerprintTableTest {
    /** The i-th of a fixed sequence of random fingerprints (two threads derive the same ones). */
    private static long[] fingerprint(int i) {
        SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
        return new long[] {r.nextLong(), r.nextLong()};
    }

    @Test
    void twoThreadsInsertingTheSameStatesFindEachNewExactlyOnce() throws InterruptedException {
        FingerprintTable table = new FingerprintTable(Long.MAX_VALUE, 2);
        int n = 300_000;
        AtomicLong news = new AtomicLong();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                for (int k = 0; k < n; k++) {
                    int i = thread == 0 ? k : n - 1 - k; // the two threads meet in the middle
                    long[] f = fingerprint(i);
                    if (table.insert(thread, f[0], f[1])) news.incrementAndGet();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertEquals(n, news.get(), "every state new exactly once");
        assertEquals(n, table.size());
        for (int i = 0; i < n; i += 997) assertTrue(table.contains(fingerprint(i)[0], fingerprint(i)[1]), "state " + i);
        assertTrue(!table.contains(1234567, 89), "a state never put in");
        long[] visited = {0};
        table.forEach((first, second) -> visited[0]++);
        assertEquals(n, visited[0]);
        double perState = (double) table.bytes() / n;
        assertTrue(perState <= 12 / 0.85 * 1.5 + 0.5, perState + " bytes a state");
    }

    @Test
    void aTableGivenAMemoryBudgetFillsNearlyAllOfItThenRefusesToGrow() {
        long budget = 24L << 20;
        FingerprintTable table = new FingerprintTable(budget, 1);
        int i = 0;
        FingerprintTable.Full full = null;
        try {
            while (true) {
                long[] f = fingerprint(i++);
                table.insert(0, f[0], f[1]);
            }
        } catch (FingerprintTable.Full e) {
            full = e;
        }
        assertTrue(full.getMessage().contains("past the memory budget of 24 MB"), full.getMessage());
        assertTrue(table.bytes() <= budget, table.bytes() + " bytes");
        // One array growing by half needs the old and the new at once: it would stop below 40% of the budget.
        assertTrue(table.bytes() > 0.85 * budget, "the table stopped at " + table.bytes() + " of " + budget + " bytes");
        assertThrows(FingerprintTable.Full.class, () -> {
            for (int k = 0; k < 1_000_000; k++) {
                long[] f = fingerprint(10_000_000 + k);
                table.insert(0, f[0], f[1]);
            }
        });
    }
}
