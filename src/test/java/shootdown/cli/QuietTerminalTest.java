package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a campaign's terminal shows, captured from a real terminal (a detached tmux session):
 * the progress bar and one line per finished check, and none of Lincheck's warnings, which go to
 * the report's log. Skipped, saying so, where tmux is not installed (.ci/run installs it).
 */
@Tag("system")
class QuietTerminalTest {
    @TempDir
    Path tmp;

    @Test
    void aCampaignOnATerminalShowsNoWarnLine() throws Exception {
        assumeTrue(run(List.of("tmux", "-V"), 10) == 0, "tmux is not installed: the terminal was not captured");
        Path report = tmp.resolve("r");
        Path done = tmp.resolve("done");
        String session = "shootdown-test-" + ProcessHandle.current().pid();
        // The first Lincheck check of a JVM is the one that logs its "[WARN] Failed to get object field offset" lines.
        List<String> campaign = Cli.javaCommand("campaign", "--only", "CPA-3", "--engine", "explorer,lincheck",
                "--out", report.toString());
        // The pane stays after the campaign (a session ends with its command), until the session is killed.
        String command = String.join(" ", campaign.stream().map(QuietTerminalTest::quote).toList()) + "; touch "
                + quote(done.toString()) + "; exec sleep 600";
        try {
            assertEquals(0, run(List.of("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command), 30));
            long until = System.currentTimeMillis() + 300_000;
            while (!Files.exists(done) && System.currentTimeMillis() < until) Thread.sleep(200);
            assertTrue(Files.exists(done), "the campaign did not finish in time");
            String pane = capture(session);
            assertFalse(pane.contains("WARN"), "a WARN line reached the terminal:\n" + pane);
            assertTrue(pane.contains("CPA-3          lincheck  REFUTED"), "one line per finished check:\n" + pane);
            assertTrue(pane.lines().anyMatch(l -> l.startsWith("done in ")), pane);
            String log = Files.readString(report.resolve("logs/lincheck.log"));
            assertTrue(log.contains("[WARN]"), "Lincheck's warnings are kept in the report's log:\n" + log);
        } finally {
            run(List.of("tmux", "kill-session", "-t", session), 10);
        }
    }

    /** The pane and its whole scrollback. */
    private String capture(String session) throws IOException, InterruptedException {
        Path out = tmp.resolve("pane.txt");
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-S", "-", "-t", session)
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return Files.readString(out);
    }

    private static int run(List<String> command, int seconds) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
