package shootdown.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old or the new content, never half of it:
 * a campaign interrupted by Ctrl-C must leave a report that can still be read and resumed.
 * The file gets the permissions the user's umask gives new files (as {@code >} in a shell
 * would), not the owner-only ones of a temporary file.
 */
public final class AtomicFiles {
    private static final SecureRandom NAMES = new SecureRandom();

    private AtomicFiles() {
    }

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path target, byte[] content) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // The temporary file lives beside the target so the move stays on one file system.
            Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(NAMES.nextLong()) + ".tmp");
            try {
                Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
