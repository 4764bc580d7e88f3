package shootdown.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a member joins: the port it listens on (the next free one from it), the members it asks
 * to join (HOST or HOST:PORT; by default the first ports on this machine), the address it binds
 * to, how many threads its units use. The member list is also the allow-list: units go only to
 * members on the listed hosts (and this one). Anything but loopback takes {@code --trusted-network}:
 * Hazelcast's open-source edition neither encrypts nor authenticates members (see docs/cluster.md).
 */
public record ClusterOptions(int port, List<String> join, String bind, boolean trustedNetwork, int threads,
                             Path logFile) {
    public static final int DEFAULT_PORT = 5701;
    public static final List<String> DEFAULT_JOIN = List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");

    public ClusterOptions {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("--port must be a TCP port, not " + port);
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
        join = List.copyOf(join);
        requireTrusted(bind, trustedNetwork, "bind to");
        for (String member : join) requireTrusted(host(member), trustedNetwork, "join");
    }

    /** The defaults: loopback, port 5701 on, the first three ports as members, every core. */
    public static ClusterOptions local() {
        return new ClusterOptions(DEFAULT_PORT, DEFAULT_JOIN, "127.0.0.1", false,
                Runtime.getRuntime().availableProcessors(), defaultLog());
    }

    public static Path defaultLog() {
        return Path.of(System.getProperty("java.io.tmpdir"), "shootdown-cluster.log");
    }

    public ClusterOptions withPort(int value) {
        return new ClusterOptions(value, join, bind, trustedNetwork, threads, logFile);
    }

    public ClusterOptions withJoin(List<String> value) {
        return new ClusterOptions(port, value, bind, trustedNetwork, threads, logFile);
    }

    public ClusterOptions withThreads(int value) {
        return new ClusterOptions(port, join, bind, trustedNetwork, value, logFile);
    }

    static String host(String member) {
        int colon = member.lastIndexOf(':');
        return colon < 0 ? member : member.substring(0, colon);
    }

    /** The port of HOST:PORT, or -1 for any. */
    static int port(String member) {
        int colon = member.lastIndexOf(':');
        if (colon < 0) return -1;
        try {
            return Integer.parseInt(member.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not HOST or HOST:PORT: " + member);
        }
    }

    private static void requireTrusted(String host, boolean trusted, String what) {
        if (trusted) return;
        try {
            if (InetAddress.getByName(host).isLoopbackAddress()) return;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
        throw new IllegalArgumentException("will not " + what + " " + host + " without --trusted-network: cluster "
                + "members talk unencrypted and unauthenticated, so only on a network you trust (see docs/cluster.md)");
    }

    /** The hosts units may go to: the member list's (those that resolve now) and this member's, as addresses. */
    List<InetAddress> allowedHosts() {
        List<InetAddress> out = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String member : join) hosts.add(host(member));
        hosts.add(bind);
        for (String host : hosts) {
            try {
                out.addAll(List.of(InetAddress.getAllByName(host)));
            } catch (UnknownHostException e) {
                // not (yet) in DNS: no member can be there
            }
        }
        return out;
    }
}
