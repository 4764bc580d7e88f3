package shootdown.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import shootdown.cluster.ClusterOptions;

/** The options every cluster member takes (prove --cluster and worker). */
final class ClusterFlags {
    @Option(names = "--join", split = ",", paramLabel = "HOST[:PORT]",
            description = "Members to join (and the only hosts given work); each must be reachable at start. "
                    + "Default: ports 5701-5703 of this machine, none required.")
    List<String> join;

    @Option(names = "--port", defaultValue = "5701",
            description = "Port to listen on, or the next free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The one address to listen on (default: ${DEFAULT-VALUE}); another needs --trusted-network.")
    String bind;

    @Option(names = "--trusted-network",
            description = "Allow binding to and joining non-loopback addresses: members talk unencrypted and "
                    + "unauthenticated (work and results are signed with the cluster key; see docs/cluster.md).")
    boolean trustedNetwork;

    @Option(names = "--join-wait", defaultValue = "15", paramLabel = "SECONDS",
            description = "How long every --join member has to be reached at start (default: ${DEFAULT-VALUE}).")
    int joinWaitSeconds;

    @Option(names = "--cluster-log", paramLabel = "FILE",
            description = "Where Hazelcast's messages go (default: shootdown-cluster.log in the temporary directory).")
    Path log;

    ClusterOptions options(int threads) {
        return new ClusterOptions(port, join != null ? join : ClusterOptions.DEFAULT_JOIN, bind, trustedNetwork, threads,
                log != null ? log : ClusterOptions.defaultLog());
    }

    boolean joinGiven() {
        return join != null;
    }
}
