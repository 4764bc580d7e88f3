package shootdown.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shootdown.cluster.ClusterKey;
import shootdown.cluster.ClusterMember;

/** {@code shootdown worker}: a cluster member that searches the work units proofs hand it, until stopped. */
@Command(name = "worker", description = "Join a proof cluster and search its work units with this machine's cores, "
        + "until stopped. The cluster key comes from SHOOTDOWN_CLUSTER_KEY, SHOOTDOWN_CLUSTER_KEY_FILE or "
        + "~/.shootdown/cluster.key (made on first use). Exit status: 2 bad usage or a listed member unreachable.")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ClusterFlags cluster;

    @Option(names = "--threads", paramLabel = "N", description = "Search threads (default: every core).")
    Integer threads;

    @Override
    public Integer call() throws InterruptedException {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ClusterKey key = ClusterKey.load();
        ClusterMember member = ClusterMember.start(cluster.options(n), key, cluster.joinGiven(), cluster.joinWaitSeconds * 1000L);
        System.out.println("shootdown worker: member " + member.address() + " of cluster " + key.clusterName()
                + " (key from " + key.source() + "), " + n + " threads; members now: "
                + String.join(", ", member.memberAddresses()));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            member.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
