package shootdown.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where Lincheck's own log goes. Lincheck 3.7 logs through one logger that writes to standard
 * error unless the system property {@code lincheck.logFile} names a file, read once when the
 * logger's class loads: its warnings ("[WARN] Failed to get object field offset ...", some
 * ninety lines per campaign) would bury the campaign's progress bar. So before Lincheck first
 * runs, its log goes to a file of this JVM's, and after each check what it wrote is copied into
 * the report's log directory, under the check's name.
 */
final class LincheckLog {
    static final String PROPERTY = "lincheck.logFile";
    static final String FILE_NAME = "lincheck.log";
    private static final Path FILE = redirect();
    private static long copied;

    private LincheckLog() {
    }

    private static Path redirect() {
        String given = System.getProperty(PROPERTY);
        if (given != null) return Path.of(given);
        try {
            Path file = Files.createTempFile("shootdown-lincheck-", ".log");
            file.toFile().deleteOnExit();
            System.setProperty(PROPERTY, file.toString());
            return file;
        } catch (IOException e) {
            return null; // Lincheck then logs to standard error, as it does by default
        }
    }

    /** Call before Lincheck first runs (loading this class redirects the log). */
    static void ensureRedirected() {
        // The static initializer did the work.
    }

    /** Appends what Lincheck logged since the last call to {@code dir}/lincheck.log, headed by {@code check}. */
    static synchronized void copyTo(Path dir, String check) {
        if (FILE == null) return;
        try (RandomAccessFile in = new RandomAccessFile(FILE.toFile(), "r")) {
            long length = in.length();
            if (length <= copied) return;
            byte[] fresh = new byte[(int) Math.min(Integer.MAX_VALUE, length - copied)];
            in.seek(copied);
            in.readFully(fresh);
            copied += fresh.length;
            if (dir == null) return;
            Files.createDirectories(dir);
            byte[] text = ("== " + check + " ==\n" + new String(fresh, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            // Worker JVMs check rows side by side: each check's section goes in whole, under a lock.
            try (FileChannel log = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND); FileLock lock = log.lock()) {
                for (ByteBuffer left = ByteBuffer.wrap(text); left.hasRemaining(); ) log.write(left);
            }
        } catch (IOException e) {
            // The log is for reading after the fact; a check does not fail for it.
        }
    }
}
