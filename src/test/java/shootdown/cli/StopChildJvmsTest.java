package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign stopped while jcstress or Lincheck's workers run takes their JVMs with it: asked
 * to exit (SIGTERM, as Ctrl-C), its shutdown hook stops them; killed outright (SIGKILL), each
 * JVM it started sees its parent go and stops itself, with any JVM it forked (jcstress's).
 */
@Tag("system")
class StopChildJvmsTest {
    @TempDir
    Path tmp;

    @Test
    void stoppingACampaignStopsItsJcstressJvms() throws Exception {
        stopsItsJvms("JcstressChild", 2_000, "--only", "CPA-3", "--engine", "jcstress", "--stress-millis", "60000");
    }

    /** CPA-10's race is beyond Lincheck's reach: with a large budget its check runs for minutes. */
    @Test
    void stoppingACampaignStopsItsLincheckWorkers() throws Exception {
        stopsItsJvms("LincheckWorker", 500, "--only", "CPA-10", "--engine", "lincheck", "--lincheck-invocations",
                "1000000");
    }

    /** Starts the campaign, waits for a JVM whose command line names {@code child}, then stops the campaign. */
    private void stopsItsJvms(String child, long settleMillis, String... campaignArgs) throws Exception {
        for (boolean forcibly : new boolean[] {false, true}) {
            List<String> args = new java.util.ArrayList<>(List.of("campaign"));
            args.addAll(List.of(campaignArgs));
            args.addAll(List.of("--out", tmp.resolve(child + forcibly).toString()));
            Process campaign = new ProcessBuilder(Cli.javaCommand(args.toArray(new String[0])))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve(child + forcibly + ".log").toFile()).start();
            List<ProcessHandle> started = List.of();
            long until = System.currentTimeMillis() + 60_000;
            while (started.isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(200);
                started = campaign.descendants().filter(p -> p.info().commandLine().orElse("").contains(child)).toList();
            }
            assertTrue(!started.isEmpty(), child + " did not start");
            Thread.sleep(settleMillis); // let jcstress fork its first test JVM
            List<ProcessHandle> all = campaign.descendants().toList();
            if (forcibly) campaign.destroyForcibly();
            else campaign.destroy();
            assertTrue(campaign.waitFor(30, TimeUnit.SECONDS));
            long deadline = System.currentTimeMillis() + 20_000;
            while (all.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            List<Long> alive = all.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
            alive.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            assertTrue(alive.isEmpty(), (forcibly ? "SIGKILL" : "SIGTERM") + ": still running: " + alive);
        }
    }
}
