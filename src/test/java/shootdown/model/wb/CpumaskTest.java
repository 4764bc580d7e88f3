package shootdown.model.wb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** have_run_cpus as words: what one instruction does to it. */
class CpumaskTest {

    @Test
    void bitsLiveInWordsOfSixtyFourCpus() {
        Cpumask mask = new Cpumask(128);
        assertEquals(2, mask.nrWords());
        mask.set(65);
        assertEquals(0, mask.load(0));
        assertEquals(2L, mask.load(1));
        assertEquals(65, mask.findNext(0));
        assertEquals(-1, mask.findNext(66));
    }

    @Test
    void testAndClearReturnsTheOldBitAndClearsIt() {
        Cpumask mask = new Cpumask(4);
        mask.set(2);
        assertTrue(mask.testAndClear(2));
        assertFalse(mask.testAndClear(2));
        assertFalse(mask.test(2));
    }

    /** Two plain read-modify-writes of one word, interleaved load-load-store-store: one bit is lost. */
    @Test
    void interleavedPlainReadModifyWritesOfOneWordLoseABit() {
        Cpumask mask = new Cpumask(2);
        long seenBy0 = mask.load(0);
        long seenBy1 = mask.load(0);
        mask.store(0, seenBy0 | Cpumask.bit(0));
        mask.store(0, seenBy1 | Cpumask.bit(1));
        assertFalse(mask.test(0));
        assertTrue(mask.test(1));
    }
}
