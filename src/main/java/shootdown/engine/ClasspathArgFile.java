package shootdown.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM's class path passed in a launcher argument file ({@code java @file}) rather than
 * on its command line. With Maven's repository a class path runs to several kilobytes, and
 * {@code ProcessHandle.info().commandLine()} (as {@code ps} on some systems) reads only the first
 * page of a command line: what follows the class path, the main class and its arguments, is lost
 * to whoever looks for the child (a test that stops a campaign, a user with {@code pgrep}).
 */
final class ClasspathArgFile {
    private ClasspathArgFile() {
    }

    /** Writes {@code -cp <classpath>} into {@code dir} and returns the launcher's argument for it. */
    static String write(Path dir, String classpath) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("classpath.args");
        Files.writeString(file, "-cp \"" + quoted(classpath) + "\"\n", StandardCharsets.UTF_8);
        return "@" + file.toAbsolutePath();
    }

    /** Within quotes the launcher reads a backslash as an escape, so backslashes and quotes are escaped. */
    private static String quoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
