package shootdown.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Models;
import shootdown.explore.BoundSearch;
import shootdown.explore.Budget;
import shootdown.explore.SplitAlphabet;
import shootdown.machine.FlushMethod;
import shootdown.model.Model;
import shootdown.model.Op;
import shootdown.model.Variant;

/**
 * Three members in three JVMs on loopback (this one asks; two `shootdown worker` processes) prove
 * CPA-4 with the local search's verdict and distinct-state count; then again with one worker
 * killed (SIGKILL) while it holds units: its units are redone, nothing is lost. At 2 CPUs x 2
 * operations by default (about 150,000 states: fits `mvn verify`);
 * {@code -Dshootdown.cluster.bound=3x2} runs a larger bound, and
 * {@code -Dshootdown.cluster.alphabet=split} the four split operations instead of the model's
 * proof alphabet (at 3x2: 11.6 million states against 100 million).
 */
@Tag("system")
class ClusterProcessesTest {
    private static final String SECRET = "the key of ClusterProcessesTest's three members";
    private static final Model CPA = Models.named("cpa");
    private final List<Process> workers = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stopWorkers() {
        for (Process p : workers) p.destroyForcibly();
    }

    private Process worker(int port, Path log) throws IOException {
        Path home = Path.of(System.getProperty("user.dir"));
        String classpath = home.resolve("target/classes") + ":" + Files.readString(home.resolve("target/runtime-classpath.txt")).strip();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-XX:+UseSerialGC", "-cp", classpath, "shootdown.cli.Main", "worker", "--port",
                Integer.toString(port), "--threads", "1", "--join", "127.0.0.1:5851", "--join-wait", "60",
                "--cluster-log", log.toString());
        pb.environment().put("SHOOTDOWN_CLUSTER_KEY", SECRET);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("worker-" + port + ".out").toFile());
        Process p = pb.start();
        workers.add(p);
        return p;
    }

    private static long unitsLogged(Path log) throws IOException {
        if (!Files.exists(log)) return 0;
        return Files.readAllLines(log).stream().filter(line -> line.contains("INFO: unit ")).count();
    }

    @Test
    void threeMembersProveTheLocalCountAndLoseNothingWhenOneIsKilled() throws Exception {
        String[] bound = System.getProperty("shootdown.cluster.bound", "2x2").split("x");
        int cpus = Integer.parseInt(bound[0]), ops = Integer.parseInt(bound[1]);
        Variant v = Models.variant(CPA, "CPA-4");
        boolean split = System.getProperty("shootdown.cluster.alphabet", "proof").equals("split");
        List<Op> alphabet = split ? SplitAlphabet.OPS : CPA.proveAlphabet();
        String layout = split ? SplitAlphabet.LAYOUT : CPA.proveLayout();
        Budget budget = new Budget(Long.MAX_VALUE, 1_200_000).withThreads(1);
        BoundSearch.Result local = BoundSearch.run(v, alphabet, layout, cpus, ops, budget, true);
        assertTrue(local.exhausted());

        ClusterKey key = ClusterKey.of(SECRET);
        ClusterOptions options = ClusterOptions.local().withPort(5851)
                .withJoin(List.of("127.0.0.1:5851", "127.0.0.1:5852", "127.0.0.1:5853")).withThreads(1);
        try (ClusterMember asking = ClusterMember.start(options, key, false, 0)) {
            Path victimLog = tmp.resolve("victim.log");
            worker(5852, tmp.resolve("worker.log"));
            Process victim = worker(5853, victimLog);
            assertTrue(asking.awaitMembers(3, 90_000), "three members joined: " + asking.memberAddresses());

            ClusterProof.Result all = prove(asking, v, alphabet, layout, cpus, ops, budget);
            assertTrue(all.search().exhausted(), all.search().stopReason());
            assertEquals(local.states(), all.search().states(), all.search().note());
            assertEquals(3, all.members().size());
            assertEquals(0, all.redone(), all.search().note());
            System.out.printf("%dx%d: local %d states %d ms; 3 members %d ms, %d units, %.1f MB of fingerprints%n", cpus,
                    ops, local.states(), local.millis(), all.search().millis(), all.units(), all.bytesSent() / 1e6);

            long before = unitsLogged(victimLog);
            CompletableFuture<ClusterProof.Result> running = CompletableFuture.supplyAsync(() -> prove(asking, v, alphabet, layout, cpus, ops, budget));
            long deadline = System.currentTimeMillis() + 120_000;
            while (unitsLogged(victimLog) == before && System.currentTimeMillis() < deadline && !running.isDone()) {
                Thread.sleep(20);
            }
            assertTrue(unitsLogged(victimLog) > before, "the victim finished a unit of the second proof");
            victim.destroyForcibly(); // SIGKILL: no goodbye to the cluster
            assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
            ClusterProof.Result killed = running.get(600, TimeUnit.SECONDS);
            assertTrue(killed.search().exhausted(), killed.search().stopReason());
            assertEquals(local.states(), killed.search().states(), killed.search().note());
            assertTrue(killed.redone() > 0, "the victim's units were redone: " + killed.search().note());
            assertTrue(killed.search().note().contains("members lost: [127.0.0.1]:5853"), killed.search().note());
            System.out.printf("with a member killed: %d ms, %d units redone%n", killed.search().millis(), killed.redone());
        }
    }

    private static ClusterProof.Result prove(ClusterMember asking, Variant v, List<Op> alphabet, String layout, int cpus,
                                             int ops, Budget budget) {
        return new ClusterProof(asking).run(v, alphabet, layout, cpus, ops, null, FlushMethod.IPI, budget, true);
    }
}
