package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign stopped while jcstress runs takes jcstress and the JVMs it forked with it: asked
 * to exit (SIGTERM, as Ctrl-C), its shutdown hook stops them; killed outright (SIGKILL), the
 * jcstress JVM sees its parent go and stops itself.
 */
class StopJcstressTest {
    @TempDir
    Path tmp;

    @Test
    void stoppingACampaignStopsItsJcstressJvms() throws Exception {
        for (boolean forcibly : new boolean[] {false, true}) {
            Process campaign = new ProcessBuilder(Cli.javaCommand("campaign", "--only", "CPA-3", "--engine", "jcstress",
                    "--stress-millis", "60000", "--out", tmp.resolve("r" + forcibly).toString()))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("log" + forcibly).toFile()).start();
            List<ProcessHandle> jcstress = List.of();
            long until = System.currentTimeMillis() + 60_000;
            while (jcstress.isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(200);
                jcstress = campaign.descendants().filter(p -> p.info().commandLine().orElse("")
                        .contains("JcstressChild")).toList();
            }
            assertTrue(!jcstress.isEmpty(), "jcstress did not start");
            Thread.sleep(2_000); // let it fork its first test JVM
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
