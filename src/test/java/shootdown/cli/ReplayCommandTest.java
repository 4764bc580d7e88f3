package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A counterexample from a report, replayed: the same steps, the same hazard, the same drawing. */
class ReplayCommandTest {
    @TempDir
    Path tmp;

    @Test
    void replayingAReportTracePrintsTheSameTrace() throws Exception {
        Path report = tmp.resolve("report");
        assertEquals(0, Main.run("campaign", "--only", "CPA-3,WB-2", "--engine", "explorer", "--out", report.toString()));
        for (String id : new String[] {"CPA-3", "WB-2"}) {
            String file = Files.readString(report.resolve("traces").resolve(id + "-explorer.txt"));
            String drawing = file.substring(file.indexOf("In short:"), file.indexOf("schedule: "));

            String printed = capture(report.resolve("traces").resolve(id + "-explorer.txt"));
            assertTrue(printed.contains(drawing.strip()), id + ": the replay prints the report's trace\n" + printed);
        }
    }

    @Test
    void aFileWithoutAScheduleIsRejectedWithWhatIsMissing() throws Exception {
        Path bogus = tmp.resolve("bogus.txt");
        Files.writeString(bogus, "model: cpa\nvariant: mainline\n");
        Cli.Ran r = Cli.run("replay", bogus.toString());
        assertEquals(Main.USAGE, r.exit());
        assertEquals("shootdown: not a replayable trace file: no 'layout:' line", r.err().strip());
    }

    private static String capture(Path file) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run("replay", file.toString()));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
