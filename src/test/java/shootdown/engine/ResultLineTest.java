package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Verdict;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;

/** A worker JVM's result reaches the campaign whole: every field, the trace and the stress table included. */
class ResultLineTest {
    @Test
    void aResultCrossesAsOneLineAndComesBackEqual() {
        Hazard h1 = new Hazard(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, 7, 1, 0, "CPU1 holds 2M and 4K entries", List.of("TLB1: 2M"));
        List<TraceEvent> trace = List.of(new TraceEvent(1, 0, "split_large_page", "spin_lock(pgd_lock)",
                List.of("pgd_lock"), List.of()), new TraceEvent(2, 1, "touch", "read 0x1", List.of(), List.of("2M RW")));
        StressOutcome outcome = new StressOutcome("H1_MIXED_SIZE_CONFLICT", "expected", 12, true, h1, List.of(0, 1), trace);
        CheckResult result = new CheckResult("CPA-3", "lincheck", Verdict.REFUTED, false, 9, 0, 1234, 1200, h1, trace,
                List.of(0, 0, 1), "| Thread 1 | Thread 2 |\nraw", 40, 12, "2 CPUs, 3 operations", null, null,
                List.of(outcome));
        String line = ResultLine.write(result);
        assertEquals(-1, line.indexOf('\n'), "one line");
        assertEquals(result, ResultLine.read(line));
    }

    @Test
    void aProofsWitnessScenarioIsRefusedRatherThanLost() {
        Scenario witness = new Scenario("witness", "2m", "", ScenarioText.parseOps("CPU0: touch(0x1)"));
        CheckResult proof = new CheckResult("P", "explorer", Verdict.REFUTED, false, 1, 1, 1, 1, null, List.of(),
                List.of(), null, 0, 0, "", null, witness);
        assertThrows(IllegalArgumentException.class, () -> ResultLine.write(proof));
    }
}
