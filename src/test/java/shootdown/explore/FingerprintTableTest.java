package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The 96 bits kept: the first word and the low half of the second; zero words stand for one, as empty slots are zero. */
    @Test
    void whatTheTableTellsApart() {
        FingerprintTable table = new FingerprintTable(Long.MAX_VALUE, 1);
        assertTrue(table.insert(0, 5, 7));
        assertFalse(table.insert(0, 5, 7));
        assertTrue(table.insert(0, 5, 8), "the second word's low half counts");
        assertFalse(table.insert(0, 5, 7 | 1L << 40), "its high half does not: 96 bits");
        assertTrue(table.insert(0, 6, 7), "the first word counts");
        assertTrue(table.insert(0, 0, 9));
        assertFalse(table.insert(0, 1, 9), "a zero first word is stored as one");
        assertTrue(table.insert(0, 9, 0));
        assertFalse(table.insert(0, 9, 1), "a zero second word too");
        assertEquals(1, FingerprintTable.storedFirst(0));
        assertEquals(-3, FingerprintTable.storedFirst(-3));
        assertEquals(1, FingerprintTable.storedSecond(1L << 32));
        assertEquals(2, FingerprintTable.storedSecond(2));
        assertTrue(table.contains(5, 8) && table.contains(0, 9) && table.contains(1, 9));
        assertFalse(table.contains(5, 9));
        assertEquals(5, table.size());
    }

    @Test
    void statesSpreadOverSegmentsAndEachGrowsAlone() {
        FingerprintTable table = new FingerprintTable(Long.MAX_VALUE, 1);
        long empty = table.bytes();
        assertEquals(FingerprintTable.SLOT_BYTES * 64L * FingerprintTable.SEGMENTS, empty);
        // Every state in one segment (the same top bits): only that segment grows.
        for (long i = 1; i <= 1_000; i++) assertTrue(table.insert(0, i, i));
        long grown = table.bytes();
        assertTrue(grown > empty, grown + " bytes");
        long oneSegment = grown - empty + FingerprintTable.SLOT_BYTES * 64L;
        assertTrue(oneSegment < 2 * 1_000 / 0.85 * FingerprintTable.SLOT_BYTES, "only one segment grew: " + oneSegment);
        java.util.Set<String> seen = new java.util.HashSet<>();
        table.forEach((first, second) -> seen.add(first + ":" + second));
        assertEquals(1_000, seen.size());
        for (long i = 1; i <= 1_000; i++) assertTrue(seen.contains(i + ":" + i), "state " + i + " kept through the growth");
        // One state in each of the other segments: each still has room, nothing grows.
        for (long s = 1; s < FingerprintTable.SEGMENTS; s++) assertTrue(table.insert(0, s << (64 - FingerprintTable.SEGMENT_BITS), 3));
        assertEquals(grown, table.bytes());
        assertEquals(1_000 + FingerprintTable.SEGMENTS - 1, table.size());
    }

    /**
     * The growth schedule, exactly: a segment of 64 slots grows by half (to 96, 144, 216, 324) at
     * the insert that takes it past 85% full (the 55th, 82nd, 123rd and 184th state), and at no
     * other. A segment other than the first is used so that the count read is that segment's own.
     */
    @Test
    void aSegmentGrowsByHalfAtTheInsertThatTakesItPast85PercentFull() {
        FingerprintTable table = new FingerprintTable(Long.MAX_VALUE, 1);
        long empty = table.bytes();
        long segment = 5L << (64 - FingerprintTable.SEGMENT_BITS);
        StringBuilder growths = new StringBuilder();
        long before = empty;
        for (int n = 1; n <= 200; n++) {
            assertTrue(table.insert(0, segment | n, n));
            if (table.bytes() != before) {
                long capacity = (table.bytes() - empty) / FingerprintTable.SLOT_BYTES + 64;
                growths.append(growths.length() == 0 ? "" : ", ").append(n).append(" -> ").append(capacity);
                before = table.bytes();
            }
        }
        assertEquals("55 -> 96, 82 -> 144, 123 -> 216, 184 -> 324", growths.toString());
    }

    /** A growth that fits the memory budget to the byte is made; with one byte less it is refused. */
    @Test
    void aGrowthThatFitsTheBudgetExactlyIsMade() {
        long empty = new FingerprintTable(Long.MAX_VALUE, 1).bytes();
        long exact = empty + FingerprintTable.SLOT_BYTES * 96L; // the grown segment's arrays beside the table
        for (long budget : new long[] {exact, exact - 1}) {
            FingerprintTable table = new FingerprintTable(budget, 1);
            for (int n = 1; n < 55; n++) table.insert(0, n, n);
            if (budget == exact) {
                assertTrue(table.insert(0, 55, 55));
                assertEquals(empty + FingerprintTable.SLOT_BYTES * 32L, table.bytes());
            } else {
                assertThrows(FingerprintTable.Full.class, () -> table.insert(0, 55, 55));
            }
        }
    }
}
