package shootdown.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import shootdown.report.CampaignJson;
import shootdown.report.ReportWriter;
import shootdown.report.ResultsJson;

/**
 * The files a campaign writes in its report directory. A new campaign never mixes its report
 * into an older one: a directory that holds a report is refused, or with --force emptied of
 * that report's files (and only those) first.
 */
final class ReportFiles {
    static final String LOGS = "logs";
    private static final List<String> FILES = List.of(ResultsJson.FILE_NAME, CampaignJson.FILE_NAME,
            ReportWriter.SUMMARY, ReportWriter.INDEX, "costs.md");
    private static final List<String> DIRECTORIES = List.of(ReportWriter.TRACES, LOGS);

    private ReportFiles() {
    }

    static boolean holdsReport(Path dir) {
        return Files.isRegularFile(dir.resolve(ResultsJson.FILE_NAME))
                || Files.isRegularFile(dir.resolve(CampaignJson.FILE_NAME));
    }

    /** @throws IllegalArgumentException if {@code dir} holds a report and {@code force} is not given */
    static void clearForNewReport(Path dir, boolean force) {
        if (!holdsReport(dir)) return;
        if (!force) {
            throw new IllegalArgumentException(dir + " already holds a report; continue it with --resume " + dir
                    + ", or replace it with --force");
        }
        try {
            for (String file : FILES) Files.deleteIfExists(dir.resolve(file));
            for (String sub : DIRECTORIES) {
                Path path = dir.resolve(sub);
                if (!Files.isDirectory(path)) continue;
                try (Stream<Path> paths = Files.walk(path)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new CouldNotRun("cannot replace the report in " + dir + ": " + Main.reason(e));
        }
    }
}
