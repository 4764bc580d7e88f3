package shootdown.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A Hazelcast member of a proof cluster: started, configured and closed here. Joins by a TCP
 * member list (no multicast, no cloud discovery), binds to one address only, deserializes only
 * the tool's own classes and Java's basic ones, logs to a file, and runs one work unit at a time.
 */
public final class ClusterMember implements AutoCloseable {
    static final String EXECUTOR = "shootdown-units";
    static final String NEWS = "shootdown-news";
    /** Kept here: java.util.logging holds its loggers weakly, and a collected one would lose its file handler. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    /** What this member did with each unit: in the same file. */
    static final Logger LOG = Logger.getLogger("shootdown.cluster");

    private final HazelcastInstance hz;
    private final ClusterOptions options;
    private final ClusterKey key;

    private ClusterMember(HazelcastInstance hz, ClusterOptions options, ClusterKey key) {
        this.hz = hz;
        this.options = options;
        this.key = key;
    }

    /**
     * Starts a member and joins the cluster its key names; with {@code requireJoined}, every
     * member listed must have joined within {@code waitMillis}, else the one missing is named.
     */
    public static ClusterMember start(ClusterOptions options, ClusterKey key, boolean requireJoined, long waitMillis) {
        logTo(options);
        Config config = config(options, key);
        MemberWork.install(config, key, options.threads()); // before it joins: units may come at once
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        ClusterMember member = new ClusterMember(hz, options, key);
        if (requireJoined) {
            String missing = member.awaitListed(waitMillis);
            if (missing != null) {
                member.close();
                throw new IllegalArgumentException("cannot reach cluster member " + missing + " (no member there joined "
                        + "within " + waitMillis / 1000 + " s: is `./shootdown worker` running there, with the same "
                        + "cluster key?)");
            }
        }
        return member;
    }

    static Config config(ClusterOptions options, ClusterKey key) {
        Config config = new Config();
        config.setClusterName(key.clusterName());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false"); // listen on the bound address only
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Members that started apart (each alone) look for each other every few seconds, not minutes.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).addInterface(options.bind());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(options.join())).setConnectionTimeoutSeconds(2);
        // Hazelcast's own default list lets every java.* and javax.* class in: not this one.
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist().addPrefixes("shootdown.cluster.", "com.hazelcast.", "[", "java.lang.", "java.util.");
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(1).setStatisticsEnabled(false));
        config.addExecutorConfig(new ExecutorConfig(NEWS).setPoolSize(1).setStatisticsEnabled(false));
        config.addMapConfig(new MapConfig("visited-*").setBackupCount(1).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.OBJECT).setStatisticsEnabled(false));
        config.getJetConfig().setEnabled(false);
        return config;
    }

    /** Hazelcast's own messages go to the log file, none to the terminal (members in one JVM share the last one's file). */
    private static synchronized void logTo(ClusterOptions options) {
        System.setProperty("hazelcast.logging.type", "jdk");
        for (Logger logger : new Logger[] {HAZELCAST_LOG, LOG}) {
            logger.setUseParentHandlers(false);
            for (Handler old : logger.getHandlers()) {
                logger.removeHandler(old);
                old.close();
            }
        }
        try {
            if (options.logFile().getParent() != null) Files.createDirectories(options.logFile().getParent());
            Handler file = new FileHandler(options.logFile().toString(), true);
            file.setFormatter(new SimpleFormatter());
            for (Logger logger : new Logger[] {HAZELCAST_LOG, LOG}) {
                logger.addHandler(file);
                logger.setLevel(Level.INFO);
            }
        } catch (IOException e) {
            HAZELCAST_LOG.setLevel(Level.OFF); // no log file: better silent than flooding the terminal
            LOG.setLevel(Level.OFF);
        }
    }

    /** The first listed member not in the cluster after {@code waitMillis}, or null when all are. */
    private String awaitListed(long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            String missing = null;
            for (String listed : options.join()) {
                if (!present(listed)) {
                    missing = listed;
                    break;
                }
            }
            if (missing == null || System.currentTimeMillis() > deadline) return missing;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return missing;
            }
        }
    }

    private boolean present(String listed) {
        InetAddress[] hosts;
        try {
            hosts = InetAddress.getAllByName(ClusterOptions.host(listed));
        } catch (UnknownHostException e) {
            return false;
        }
        int port = ClusterOptions.port(listed);
        for (Member m : hz.getCluster().getMembers()) {
            for (InetAddress host : hosts) {
                try {
                    if (m.getAddress().getInetAddress().equals(host) && (port < 0 || m.getAddress().getPort() == port)) {
                        return true;
                    }
                } catch (UnknownHostException e) {
                    // an address that does not resolve matches nothing
                }
            }
        }
        return false;
    }

    /** Waits until at least {@code count} members are in the cluster; false if they were not within {@code millis}. */
    public boolean awaitMembers(int count, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (hz.getCluster().getMembers().size() < count) {
            if (System.currentTimeMillis() > deadline) return false;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Whether units may go to {@code member}: it is on a host of the member list (or this one's). */
    boolean allowed(Member member) {
        try {
            return options.allowedHosts().contains(member.getAddress().getInetAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    public ClusterKey key() {
        return key;
    }

    public ClusterOptions options() {
        return options;
    }

    public String address() {
        return hz.getCluster().getLocalMember().getAddress().toString();
    }

    public List<String> memberAddresses() {
        List<String> out = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) out.add(m.getAddress().toString());
        return out;
    }

    @Override
    public void close() {
        hz.shutdown();
    }
}
