package shootdown.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of one proof cluster shares: it names the cluster (a member with
 * another secret asks to join another cluster, and Hazelcast turns it away) and signs every work
 * unit and every result (HMAC-SHA256), so a process without it can neither hand out work nor
 * have a result accepted. From {@code SHOOTDOWN_CLUSTER_KEY} (the secret's text), else from the
 * file {@code SHOOTDOWN_CLUSTER_KEY_FILE} names, else from {@code ~/.shootdown/cluster.key},
 * made (32 random bytes, readable by its owner only) the first time: so members on one machine
 * share it with no setup, and members on several machines share it by copying the file.
 */
public final class ClusterKey {
    private static final String ALGORITHM = "HmacSHA256";
    private final byte[] secret;
    private final String source;
    /** Null: the name derived from the secret. */
    private final String name;

    private ClusterKey(byte[] secret, String source) {
        this(secret, source, null);
    }

    private ClusterKey(byte[] secret, String source, String name) {
        if (secret.length < 16) throw new IllegalArgumentException("the cluster key (" + source + ") is shorter than 16 bytes");
        this.secret = secret.clone();
        this.source = source;
        this.name = name;
    }

    /**
     * A key with another secret under this cluster's name: what a stranger who read the name off
     * the network (Hazelcast sends it in clear) but never had the secret can build. For tests.
     */
    ClusterKey impostor(String otherSecret) {
        return new ClusterKey(otherSecret.getBytes(StandardCharsets.UTF_8), "impostor", clusterName());
    }

    public static ClusterKey of(String text) {
        return new ClusterKey(text.getBytes(StandardCharsets.UTF_8), "given");
    }

    /** The key from the environment, or the key file (made if absent). */
    public static ClusterKey load() {
        String text = System.getenv("SHOOTDOWN_CLUSTER_KEY");
        if (text != null && !text.isEmpty()) return new ClusterKey(text.getBytes(StandardCharsets.UTF_8), "SHOOTDOWN_CLUSTER_KEY");
        String file = System.getenv("SHOOTDOWN_CLUSTER_KEY_FILE");
        Path path = file != null && !file.isEmpty() ? Path.of(file)
                : Path.of(System.getProperty("user.home"), ".shootdown", "cluster.key");
        try {
            if (file == null && !Files.exists(path)) create(path);
            return new ClusterKey(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cluster key file " + path + ": " + e.getMessage());
        }
    }

    private static void create(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Path made = path.resolveSibling(path.getFileName() + ".new");
        Files.write(made, HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII));
        try {
            Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps its default permissions
        }
        try {
            Files.move(made, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) { // another member made it first: use theirs
            Files.deleteIfExists(made);
        }
    }

    /** Where the key came from (never the key). */
    public String source() {
        return source;
    }

    /** The cluster's name: derived from the key, so members with different keys never form one cluster. */
    public String clusterName() {
        if (name != null) return name;
        return "shootdown-" + HexFormat.of().formatHex(mac("cluster name".getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    public byte[] mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** True if {@code tag} is this key's MAC of {@code message} (compared in constant time). */
    public boolean verifies(byte[] message, byte[] tag) {
        return tag != null && MessageDigest.isEqual(mac(message), tag);
    }
}
