package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;
import shootdown.engine.NativeRun;
import shootdown.machine.FlushMethod;
import shootdown.machine.RuleBroken;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;

/**
 * Resumes are cached by the CPU's whole past: its operations, the values its steps returned and
 * which steps they were. The running hash the caller passes only picks the bucket, so two pasts
 * given the same hash on purpose must still get their own answers; a cache that trusted the
 * hash, or compared only part of the past, would hand one CPU another's next step.
 */
class CpuResumeTest {
    private static final Op RO = new Op("set_memory_ro", 0x0);
    private static final Op TOUCH = new Op("touch", 0x1);
    private final CpuResume resume = new CpuResume(programs());
    private final List<Op> ro = List.of(RO);

    /** set_memory_ro() starts with read_lock(init_mm): its result says whether the lock was taken. */
    @Test
    void twoPastsThatDifferOnlyInAResultAreToldApart() {
        long readLock = resume.next(0, ro, new Object[0], new long[0], 0).step().signature();
        long[] signatures = {readLock};
        CpuResume.Next taken = resume.next(0, ro, new Object[] {true}, signatures, 7);
        CpuResume.Next spinning = resume.next(0, ro, new Object[] {false}, signatures, 7);
        assertEquals("spin_lock", taken.step().call(), "with init_mm taken, cpa_lock next");
        assertEquals("read_lock", spinning.step().call(), "not taken: it tries again");
        assertSame(taken, resume.next(0, ro, new Object[] {true}, signatures.clone(), 7), "the same past: the same answer");
    }

    /** A past whose step differs from what the code asks for is re-run, and caught, not answered from the cache. */
    @Test
    void twoPastsThatDifferOnlyInAStepAreToldApart() {
        long readLock = resume.next(0, ro, new Object[0], new long[0], 0).step().signature();
        resume.next(0, ro, new Object[] {true}, new long[] {readLock}, 7);
        assertThrows(RuleBroken.class, () -> resume.next(0, ro, new Object[] {true}, new long[] {readLock ^ 1}, 7));
    }

    /** The key's hash mixes the operations in: pasts of different operations given hashes that cancel that out. */
    @Test
    void twoPastsThatDifferOnlyInTheirOperationsAreToldApart() {
        List<Op> touch = List.of(TOUCH);
        long same = 99;
        CpuResume.Next first = resume.next(0, ro, new Object[0], new long[0], same ^ ro.hashCode());
        CpuResume.Next second = resume.next(0, touch, new Object[0], new long[0], same ^ touch.hashCode());
        assertEquals("read_lock", first.step().call());
        assertEquals(new CpuResume(programs()).next(0, touch, new Object[0], new long[0], 0).step().call(),
                second.step().call());
        assertEquals(touch, second.ops());
    }

    /**
     * A past longer than the code: touch() run natively (it sends no IPI, which a native run
     * delivers itself and a search does not), its record given one value more.
     * The re-run finishes with a value left over, which only code that depends on something
     * outside the machine could do, and says so.
     */
    @Test
    void codeThatFinishesBeforeItsPastEndsIsCaught() {
        NativeRun.Run run = NativeRun.run(Models.named("cpa").variant("mainline"),
                new Scenario("touch", "2m", "", ScenarioText.parseOps("CPU0: touch(0x1)")));
        run.instance().run(0, 0);
        Object[] results = Arrays.copyOf(run.sched().results(0), run.sched().results(0).length + 1);
        long[] signatures = Arrays.copyOf(run.sched().signatures(0), results.length);
        signatures[signatures.length - 1] = signatures[0];
        RuleBroken e = assertThrows(RuleBroken.class, () -> resume.next(0, List.of(TOUCH), results, signatures, 0));
        assertTrue(e.getMessage().contains("finished after " + (results.length - 1)), e.getMessage());
    }

    /** cpa's mainline, any of the two operations on either CPU. */
    private static Programs programs() {
        return Programs.anyOf(Models.named("cpa").variant("mainline"), List.of(RO, TOUCH), "2m", 2, 1, null,
                FlushMethod.IPI);
    }
}
