package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.engine.CheckResult;

class TraceFileTest {
    private final CheckResult result = Fixtures.refuted("CPA-3", "explorer");
    private final String text = TraceFile.text(Catalogue.find("CPA-3").orElseThrow(), result,
            Path.of("/r/x/traces/CPA-3-explorer.txt"));

    @Test
    void theScheduleLineParsesBack() {
        assertTrue(text.contains("\nschedule: 0, 0, 0, 1, 1\n"), text);
        assertEquals(Optional.of(List.of(0, 0, 0, 1, 1)), TraceFile.parseSchedule(text));
        assertTrue(text.contains("replay: ./shootdown replay /r/x/traces/CPA-3-explorer.txt"), text);
        assertTrue(text.contains("in words: CPU0 x3, CPU1 x2"), text);
    }

    @Test
    void saysWhatWasCheckedAndNamesTheAppendixWithTheEnginesOwnTrace() {
        assertTrue(text.startsWith("CPA-3 on explorer: REFUTED by H1 mixed-size TLB conflict\n"), text);
        assertTrue(text.contains("Documented: racy"), text);
        assertTrue(text.replaceAll("\\s+", " ").contains(
                "Operations: CPU0: set_memory_ro(0x0) | CPU1: set_memory_ro(0x1), touch(0x1)"), text);
        assertTrue(text.indexOf("Appendix: explorer's own report (1 line): CPA-3-explorer-appendix.log")
                > text.indexOf("==> HAZARD"), text);
        assertFalse(text.contains("| Thread 1 | Thread 2 |"), "the engine's own trace is not in the trace: " + text);
        assertTrue(TraceFile.appendix(result).contains("| Thread 1 | Thread 2 |"));
    }

    @Test
    void noScheduleNoReplayHint() {
        CheckResult lincheck = new CheckResult("CPA-3", "lincheck", result.verdict(), false, 9, 0, 4000, 4000,
                Fixtures.H1, List.of(), List.of(), "raw", 0, 0, "", null);
        String lincheckText = TraceFile.text(null, lincheck, Path.of("t.txt"));
        assertFalse(lincheckText.contains("replay:"), lincheckText);
        assertEquals(Optional.empty(), TraceFile.parseSchedule(lincheckText));
        assertTrue(lincheckText.contains("(no machine steps were recorded"), lincheckText);
    }

    @Test
    void fileNamesAreSafe() {
        assertEquals("CPA-3-explorer.txt", TraceFile.fileName(result));
        CheckResult odd = CheckResult.error("a/b c", "x", 0, "e");
        assertEquals("a_b_c-x.txt", TraceFile.fileName(odd));
        assertFalse(TraceFile.hasTrace(odd));
        assertFalse(TraceFile.hasTrace(Fixtures.passed("CPA-4", "explorer")));
    }
}
