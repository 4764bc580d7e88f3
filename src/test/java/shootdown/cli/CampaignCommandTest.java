package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.report.ResultEntry;
import shootdown.report.ResultsJson;

/** The campaign as its users drive it: selection errors, interruption and resume, verdict drift. */
class CampaignCommandTest {
    private static final String ROWS = "CPA-1,CPA-2,CPA-3,CPA-4,CPA-5,CPA-6";

    @TempDir
    Path tmp;

    @Test
    void unknownIdsAndEnginesAreRejectedWithWhatExists() {
        Output out = run("campaign", "--only", "CPA-42", "--out", tmp.resolve("x").toString());
        assertEquals(Main.USAGE, out.status);
        assertTrue(out.err.contains("CPA-42") && out.err.contains("CPA-4,") , out.err);
        Output engine = run("campaign", "--engine", "spin", "--out", tmp.resolve("y").toString());
        assertEquals(Main.USAGE, engine.status);
        assertTrue(engine.err.contains("explorer, lincheck, jcstress"), engine.err);
    }

    @Tag("system") // starts a second JVM and stops it
    @Test
    void aCampaignKilledMidwayAndResumedEndsWithTheSameVerdicts() throws Exception {
        Path straight = tmp.resolve("straight");
        assertEquals(0, run("campaign", "--only", ROWS, "--engine", "explorer", "--out", straight.toString()).status);

        // Start the same campaign in its own JVM and stop it (SIGTERM, as Ctrl-C) once it has results.
        Path stopped = tmp.resolve("stopped");
        Process child = new ProcessBuilder(javaCommand("campaign", "--only", ROWS, "--engine", "explorer",
                "--out", stopped.toString())).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path results = stopped.resolve(ResultsJson.FILE_NAME);
        long until = System.currentTimeMillis() + 60_000;
        while (!Files.exists(results) && System.currentTimeMillis() < until) Thread.sleep(20);
        child.destroy();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        int kept = ResultsJson.read(stopped).size();
        assertTrue(kept >= 1 && kept <= 6, "finished checks were kept: " + kept);

        assertEquals(0, run("campaign", "--only", ROWS, "--engine", "explorer", "--resume", stopped.toString()).status);
        assertEquals(verdicts(straight), verdicts(stopped));
    }

    @Test
    void aVerdictChangedOnPurposeIsReportedAsDrift() throws Exception {
        Path home = tmp.resolve("home");
        Path reference = home.resolve("reports").resolve("reference");
        assertEquals(0, run("campaign", "--only", "CPA-3,CPA-4", "--engine", "explorer", "--out", reference.toString()).status);

        // Pretend the model changed: the ledger now says the racy variant passed.
        List<ResultEntry> ledger = new ArrayList<>();
        for (CheckResult r : ResultsJson.readResults(reference)) {
            CheckResult changed = r.id().equals("CPA-3") ? new CheckResult(r.id(), r.engine(), Verdict.PASSED, true,
                    r.interleavings(), r.states(), r.millis(), -1, null, List.of(), List.of(), null, 0, 0, r.bound(),
                    null) : r;
            ledger.add(ResultEntry.of(null, changed, null));
        }
        ResultsJson.write(reference.resolve(ResultsJson.FILE_NAME), ledger);

        String previous = System.getProperty("shootdown.home");
        System.setProperty("shootdown.home", home.toString());
        try {
            Output out = run("campaign", "--only", "CPA-3,CPA-4", "--engine", "explorer", "--check-reference",
                    "--out", tmp.resolve("fresh").toString());
            assertEquals(CampaignCommand.DRIFT, out.status, out.out);
            assertTrue(out.out.contains("CPA-3 (explorer): PASSED -> REFUTED"), out.out);
            assertTrue(!out.out.contains("CPA-4 (explorer)"), "an unchanged verdict is not drift");
        } finally {
            if (previous == null) System.clearProperty("shootdown.home");
            else System.setProperty("shootdown.home", previous);
        }
    }

    private static List<String> verdicts(Path dir) {
        return ResultsJson.read(dir).stream().map(e -> e.id() + "/" + e.engine() + "=" + e.verdict()).sorted().toList();
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private record Output(int status, String out, String err) {
    }

    private static Output run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
