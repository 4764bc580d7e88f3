package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;
import shootdown.engine.NativeRun;
import shootdown.machine.RuleBroken;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;

/**
 * The check Lincheck and jcstress runs end with: each CPU's code, run again alone with the
 * values its steps returned, must ask for the steps it asked for the first time. Here CPU 0
 * splits a large page natively (one thread, no interleaving) and its record is then checked
 * as it was, and with one thing in it changed.
 */
class CodeRulesTest {
    private final Variant mainline = Models.named("cpa").variant("mainline");
    private final Scenario scenario = new Scenario("split", "2m", "", ScenarioText.parseOps("CPU0: set_memory_4k(0x0)"));
    private final Object[] results;
    private final long[] signatures;

    CodeRulesTest() {
        NativeRun.Run run = NativeRun.run(mainline, scenario);
        run.instance().run(0, 0);
        results = run.sched().results(0);
        signatures = run.sched().signatures(0);
    }

    @Test
    void theRecordOfARunPassesItsOwnCheck() {
        assertTrue(results.length > 3, "a split takes steps: " + results.length);
        assertDoesNotThrow(() -> CodeRules.recheck(mainline, scenario, 0, results, signatures, true));
    }

    /** A different step asked for at the same point: the code depends on something the record does not hold. */
    @Test
    void aStepAskedForDifferentlyIsCaughtNamingItsPlace() {
        long[] other = signatures.clone();
        other[2] ^= 1;
        RuleBroken e = assertThrows(RuleBroken.class, () -> CodeRules.recheck(mainline, scenario, 0, results, other, true));
        assertTrue(e.getMessage().contains("asks for a different step 3"), e.getMessage());
    }

    /**
     * A CPU said to have finished whose record has a step more than its code takes: the code
     * finished early the second time. A CPU that did not finish (stopped at a hazard) is not
     * held to it: its record ends where the search stopped it.
     */
    @Test
    void codeThatFinishesBeforeItsRecordEndsIsCaughtOnlyIfTheCpuFinished() {
        Object[] longer = Arrays.copyOf(results, results.length + 1);
        long[] more = Arrays.copyOf(signatures, signatures.length + 1);
        more[more.length - 1] = signatures[0];
        RuleBroken e = assertThrows(RuleBroken.class, () -> CodeRules.recheck(mainline, scenario, 0, longer, more, true));
        assertTrue(e.getMessage().contains("finished after " + results.length), e.getMessage());
        assertDoesNotThrow(() -> CodeRules.recheck(mainline, scenario, 0, longer, more, false));
    }

    /** A record cut short (the run was stopped) is compared as far as it goes. */
    @Test
    void aRecordCutShortIsComparedAsFarAsItGoes() {
        int half = results.length / 2;
        assertDoesNotThrow(() -> CodeRules.recheck(mainline, scenario, 0, Arrays.copyOf(results, half),
                Arrays.copyOf(signatures, half), false));
        long[] other = Arrays.copyOf(signatures, half);
        other[half - 1] ^= 1;
        assertThrows(RuleBroken.class, () -> CodeRules.recheck(mainline, scenario, 0, Arrays.copyOf(results, half),
                other, false));
    }
}
