package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.machine.Footprint;
import shootdown.machine.RuleBroken;
import shootdown.machine.Step;

/**
 * How a CPU's code is resumed: it runs again from the top, and the scheduler answers each step
 * with the value recorded the first time, so the code reaches the same point without touching
 * the machine. Resuming is only sound if the code is deterministic given those values, so the
 * scheduler checks that the code asks for the same steps again and takes all of them.
 */
class ReplaySchedTest {
    private static Step<Object> step(long signature, String call) {
        return new Step<>(null, Footprint.NOTHING, core -> null, true, signature, call);
    }

    @Test
    void recordedStepsGetTheirResultsAndTheNextIsCaptured() {
        ReplaySched sched = new ReplaySched(1, new Object[] {"pte", 7}, new long[] {11, 12}, true);
        assertEquals("pte", sched.perform(1, null, step(11, "lookup_address")));
        assertEquals(7, (Integer) sched.perform(1, null, step(12, "read_cr3")));
        Step<Object> next = step(13, "flush_tlb_one");
        assertThrows(ReplaySched.Captured.class, () -> sched.perform(1, null, next));
        assertSame(next, sched.captured, "the first step past the recorded ones is kept, to be run by the explorer");
        assertEquals(2, sched.position);
    }

    @Test
    void codeThatAsksForADifferentStepBreaksTheDeterminismRule() {
        ReplaySched sched = new ReplaySched(0, new Object[] {1, 2}, new long[] {11, 12}, true);
        sched.perform(0, null, step(11, "a"));
        RuleBroken e = assertThrows(RuleBroken.class, () -> sched.perform(0, null, step(99, "b")));
        assertTrue(e.getMessage().startsWith("CPU0's code, run again with the same results, asks for a different step 2: now b"),
                e.getMessage());
    }

    /** Native engines record no signatures: only the results are replayed. */
    @Test
    void withoutSignaturesOnlyResultsAreReplayed() {
        ReplaySched sched = new ReplaySched(0, new Object[] {1}, null, false);
        assertEquals(1, (Integer) sched.perform(0, null, step(99, "anything")));
        assertFalse(sched.deliversIpis());
        assertTrue(new ReplaySched(0, new Object[0], null, true).deliversIpis());
    }

    @Test
    void onlyTheResumedCpuMoves() {
        ReplaySched sched = new ReplaySched(2, new Object[] {1}, null, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sched.perform(3, null, step(1, "a")));
        assertEquals("CPU3 moved while CPU2 was resumed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> sched.beforeStep(2, () -> true), "steps are announced only through perform");
    }

    /** Code that catches the capture (a catch of Throwable, a step in a finally block) would run on unseen. */
    @Test
    void codeThatGoesOnAfterItsCaptureIsCaught() {
        ReplaySched sched = new ReplaySched(0, new Object[0], null, true);
        sched.restOfOperationTouches(0, Footprint.EVERYTHING);
        assertSame(Footprint.EVERYTHING, sched.declared, "a declaration before the capture is kept");
        assertThrows(ReplaySched.Captured.class, () -> sched.perform(0, null, step(1, "first")));
        RuleBroken again = assertThrows(RuleBroken.class, () -> sched.perform(0, null, step(2, "second")));
        assertTrue(again.getMessage().contains("went on (second at "), again.getMessage());
        assertTrue(again.getMessage().contains("after the explorer stopped it at step 1 (first)"), again.getMessage());
        RuleBroken declaring = assertThrows(RuleBroken.class, () -> sched.restOfOperationTouches(0, Footprint.NOTHING));
        assertTrue(declaring.getMessage().contains("went on (rest_of_operation_touches"), declaring.getMessage());
        RuleBroken finished = assertThrows(RuleBroken.class, sched::checkFinished);
        assertTrue(finished.getMessage().contains("after the explorer stopped it at step 1 (first)"), finished.getMessage());
    }

    @Test
    void codeThatFinishesEarlyBreaksTheDeterminismRule() {
        ReplaySched sched = new ReplaySched(0, new Object[] {1, 2}, null, true);
        sched.perform(0, null, step(1, "a"));
        RuleBroken e = assertThrows(RuleBroken.class, sched::checkFinished);
        assertTrue(e.getMessage().contains("finished after 1 of its 2 steps"), e.getMessage());
        sched.perform(0, null, step(2, "b"));
        sched.checkFinished();
        assertNull(sched.captured);
    }
}
