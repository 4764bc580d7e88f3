package shootdown.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import shootdown.report.AtomicFiles;

/**
 * Where a command writes, checked before any work starts: an hour of checks must not end in
 * "cannot write". A directory is usable if it, or the nearest directory above it that exists,
 * takes a new file.
 */
final class ReportDirs {
    /**
     * Where reports go unless {@code --out} says: {@code reports/} of the working directory, or
     * the directory this property names (the tests' own, so that a build leaves reports/ alone).
     */
    static final String ROOT = "shootdown.reports";

    private ReportDirs() {
    }

    /** {@code name} under the default report directory. */
    static Path byDefault(String name) {
        return Paths.get(System.getProperty(ROOT, "reports"), name);
    }

    /**
     * @param create whether to create the directory now (a campaign writes at once; a proof only
     *               if it finds a counterexample)
     * @return the directory, absolute
     * @throws CouldNotRun naming the directory and the reason
     */
    static Path writable(Path dir, boolean create) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new CouldNotRun("cannot write to " + target + ": it is a file, not a directory");
        }
        Path existing = target;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null || !Files.isDirectory(existing)) {
            throw new CouldNotRun("cannot write to " + target + ": " + existing + " is a file, not a directory");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".shootdown-probe", ""));
            if (create) Files.createDirectories(target);
        } catch (IOException e) {
            throw new CouldNotRun("cannot write to " + target + ": " + Main.reason(e));
        }
        return target;
    }

    /** Writes a file of a report (atomically); a failure is one line naming the file. */
    static void write(Path file, String text) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            AtomicFiles.write(file, text);
        } catch (IOException | UncheckedIOException e) {
            throw new CouldNotRun("cannot write " + file + ": " + Main.reason(e instanceof UncheckedIOException u
                    ? u.getCause() : e));
        }
    }
}
