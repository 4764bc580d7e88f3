package shootdown.report;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How a replay command names a trace file. On the terminal: by its absolute path, so the
 * command works from wherever it is pasted. Inside a report: relative to the project home when
 * the file is under it (the command starts with {@code ./shootdown}, which runs from there, and
 * the committed ledger stays free of one machine's paths), else absolute.
 */
public final class ReplayPaths {
    private ReplayPaths() {
    }

    /** The project home the launcher passes; without it (tests, an IDE), the working directory. */
    private static Path home() {
        String home = System.getProperty("shootdown.home", "");
        return Paths.get(home).toAbsolutePath().normalize();
    }

    /** The file as a replay command written into a report names it. */
    public static String inReport(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path home = home();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.toString();
    }

    /** A path as {@link #inReport} wrote it: a relative one is the project home's (else the working directory's). */
    public static Path resolve(String written) {
        Path path = Paths.get(written);
        Path home = home();
        return path.isAbsolute() ? path : home.resolve(path);
    }

    /** The command to print on the terminal: the launcher, then the file's absolute path. */
    public static String command(Path file) {
        return launcher() + " replay " + file.toAbsolutePath().normalize();
    }

    /** {@code ./shootdown} when run from the project home, else the launcher's absolute path. */
    public static String launcher() {
        Path home = home();
        if (home.equals(Paths.get("").toAbsolutePath().normalize())) return "./shootdown";
        return home.resolve("shootdown").toString();
    }
}
