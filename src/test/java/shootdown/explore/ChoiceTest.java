package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A schedule is a list of ints, written as they are to replay files and results.json: the
 * encoding is a file format. A step is the CPU's number; an IPI and a pick set a flag bit above
 * 2^20 and carry the batch or alphabet index in bits 8 up, the CPU in the low byte.
 */
class ChoiceTest {
    @Test
    void theEncodingIsPinned() {
        assertEquals(3, Choice.step(3));
        assertEquals((1 << 20) | (5 << 8) | 2, Choice.ipi(5, 2));
        assertEquals((1 << 21) | (4 << 8) | 1, Choice.pick(1, 4));
    }

    @Test
    void eachKindDecodesToWhatMadeIt() {
        int step = Choice.step(3), ipi = Choice.ipi(700, 2), pick = Choice.pick(1, 9);
        assertFalse(Choice.isIpi(step) || Choice.isPick(step));
        assertTrue(Choice.isIpi(ipi) && !Choice.isPick(ipi));
        assertTrue(Choice.isPick(pick) && !Choice.isIpi(pick));
        assertEquals(3, Choice.cpu(step));
        assertEquals(2, Choice.cpu(ipi));
        assertEquals(700, Choice.batch(ipi));
        assertEquals(1, Choice.cpu(pick));
        assertEquals(9, Choice.picked(pick));
    }

    @Test
    void aChoiceInWords() {
        assertEquals("CPU3", Choice.describe(Choice.step(3)));
        assertEquals("CPU2 takes IPI #7", Choice.describe(Choice.ipi(7, 2)));
        assertEquals("CPU1 starts operation #4", Choice.describe(Choice.pick(1, 4)));
    }
}
