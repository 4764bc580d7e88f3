package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.report.ResultEntry;
import shootdown.report.ResultsJson;

/**
 * Every bad input of the issue: one clear line, a documented exit code, no stack trace, and
 * nothing lost (no work thrown away, no file the user had overwritten).
 */
class BadInputTest {
    @TempDir
    Path tmp;

    /** One line on standard error saying {@code what}, the exit code, no stack trace. */
    private static void oneLine(Cli.Ran r, int exit, String what) {
        assertEquals(exit, r.exit(), r.all());
        assertTrue(r.err().contains(what), "'" + what + "' in: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.noStackTrace(), r.all());
    }

    /** A directory this process cannot write, even as root: sysfs refuses new files to everyone. */
    private Path readOnlyDirectory() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(dir, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
        return Files.isWritable(dir) ? Path.of("/sys") : dir;
    }

    @Test
    void campaignOutOnAReadOnlyDirectoryOrAFile() throws IOException {
        Path readOnly = readOnlyDirectory();
        oneLine(Cli.run("campaign", "--only", "CPA-3", "--engine", "explorer", "--out",
                readOnly.resolve("report").toString()), Main.COULD_NOT_RUN, "cannot write to " + readOnly);

        Path file = Files.writeString(tmp.resolve("notes.txt"), "my notes\n");
        oneLine(Cli.run("campaign", "--only", "CPA-3", "--engine", "explorer", "--out", file.toString()),
                Main.COULD_NOT_RUN, "it is a file, not a directory");
        assertEquals("my notes\n", Files.readString(file), "the file is left as it was");
    }

    @Test
    void proveOutOnAReadOnlyDirectoryOrAFileIsRefusedBeforeTheProofRuns() throws IOException {
        Path readOnly = readOnlyDirectory();
        Cli.Ran r = Cli.run("prove", "cpa", "--variant", "CPA-3", "--out", readOnly.resolve("x").toString());
        oneLine(r, Main.COULD_NOT_RUN, "cannot write to " + readOnly);
        assertEquals("", r.out(), "nothing proved, so nothing lost");
        Path file = Files.writeString(tmp.resolve("f"), "keep");
        oneLine(Cli.run("prove", "cpa", "--variant", "CPA-3", "--out", file.toString()), Main.COULD_NOT_RUN,
                "it is a file, not a directory");
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void resumeOnACorruptEmptyOrForeignResultsFile() throws IOException {
        String[][] cases = {{"", "results.json is empty"}, {"[{\"id\": \"CPA-3\", ", "results.json is not JSON"},
                {"{\"name\": \"my-project\"}", "is not a shootdown results file"},
                {"[{\"x\": 1}]", "is not a shootdown results file"}};
        for (String[] c : cases) {
            Path dir = Files.createDirectories(tmp.resolve("r" + c[0].length()));
            Files.writeString(dir.resolve(ResultsJson.FILE_NAME), c[0]);
            oneLine(Cli.run("campaign", "--resume", dir.toString()), Main.USAGE, c[1]);
            assertEquals(c[0], Files.readString(dir.resolve(ResultsJson.FILE_NAME)), "the file is left as it was");
        }
        oneLine(Cli.run("campaign", "--resume", tmp.resolve("nowhere").toString()), Main.USAGE, "nothing to resume");
    }

    @Test
    void budgetsThatCannotBeSpent() {
        for (String[] args : List.of(new String[] {"--budget", "0"}, new String[] {"--budget", "-5"},
                new String[] {"--check-budget", "0"})) {
            List<String> command = new ArrayList<>(List.of("campaign", "--only", "CPA-3", "--engine", "explorer"));
            command.addAll(List.of(args));
            oneLine(Cli.run(command.toArray(new String[0])), Main.USAGE, args[0] + " must be at least 1 (got " + args[1]
                    + ")");
        }
        oneLine(Cli.run("prove", "cpa", "--variant", "CPA-4", "--budget", "0"), Main.USAGE,
                "--budget must be at least 1 (got 0)");
    }

    @Test
    void aBoundTooLargeToEnumerateIsRefusedWithItsLimit() {
        oneLine(Cli.run("prove", "cpa", "--variant", "CPA-4", "--cpus", "64"), Main.USAGE,
                "--cpus must be between 1 and 8 (got 64)");
        Cli.Ran many = Cli.run("prove", "cpa", "--variant", "CPA-4", "--cpus", "2", "--ops", "8");
        oneLine(many, Main.USAGE, "scenarios; prove checks at most 1,000,000");
        assertFalse(many.err().contains("9223372036854775807"), many.err());
    }

    @Test
    void anEmptySelectionSaysWhy() {
        oneLine(Cli.run("campaign", "--only", "CPA-3", "--model", "snp", "--out", tmp.resolve("x").toString()),
                Main.USAGE, "the selection is empty: --only CPA-3 names rows of model cpa, and --model asks for snp");
        assertFalse(Files.exists(tmp.resolve("x")), "no empty report");
    }

    @Test
    void replayWithStepsBeyondTheTraceOrCpusThatDoNotExist() throws IOException {
        Path report = tmp.resolve("report");
        assertEquals(Main.OK, Cli.run("campaign", "--only", "CPA-3", "--engine", "explorer", "-q", "--out",
                report.toString()).exit());
        Path trace = report.resolve("traces/CPA-3-explorer.txt");
        String text = Files.readString(trace);
        String schedule = text.lines().filter(l -> l.startsWith("schedule: ")).findFirst().orElseThrow();

        Path longer = Files.writeString(tmp.resolve("longer.txt"), text.replace(schedule, schedule + ", 1, 1"));
        int steps = schedule.split(",").length;
        oneLine(Cli.run("replay", longer.toString()), Main.USAGE, "steps " + (steps + 1) + " to " + (steps + 2)
                + " are beyond the trace");
        Path ghost = Files.writeString(tmp.resolve("ghost.txt"), text.replace(schedule, schedule + ", 7"));
        oneLine(Cli.run("replay", ghost.toString()), Main.USAGE, "names a CPU the scenario does not have: it has 2 CPUs");
        Path wrong = Files.writeString(tmp.resolve("wrong.txt"), text.replace(schedule, "schedule: 1, 1, 1, 1, 1, 1, 1, "
                + "1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1"));
        oneLine(Cli.run("replay", wrong.toString()), Main.USAGE, "cannot be taken there");
        Path shorter = Files.writeString(tmp.resolve("shorter.txt"), text.replace(schedule, "schedule: 0, 0"));
        Cli.Ran r = Cli.run("replay", shorter.toString());
        assertEquals(Main.CHANGED, r.exit(), r.all());
        assertTrue(r.out().contains("not reproduced"), r.out());
        assertTrue(r.noStackTrace());
    }

    @Test
    void outOnAReportIsRefusedUnlessForcedAndNothingOfTheOldOneIsLost() throws IOException {
        Path report = tmp.resolve("report");
        assertEquals(Main.OK, Cli.run("campaign", "--only", "CPA-3", "--engine", "explorer", "-q", "--out",
                report.toString()).exit());
        String before = Files.readString(report.resolve(ResultsJson.FILE_NAME));
        oneLine(Cli.run("campaign", "--only", "CPA-4", "--engine", "explorer", "--out", report.toString()),
                Main.USAGE, "already holds a report; continue it with --resume " + report + ", or replace it with --force");
        assertEquals(before, Files.readString(report.resolve(ResultsJson.FILE_NAME)));

        assertEquals(Main.OK, Cli.run("campaign", "--only", "CPA-4", "--engine", "explorer", "-q", "--force", "--out",
                report.toString()).exit());
        assertEquals(List.of("CPA-4"), ResultsJson.read(report).stream().map(ResultEntry::id).toList());
        assertFalse(Files.exists(report.resolve("traces/CPA-3-explorer.txt")), "the old report's traces went with it");
    }

    @Test
    void resumeReadsBackTheSelectionItWasStartedWith() throws IOException {
        Path report = tmp.resolve("report");
        assertEquals(Main.OK, Cli.run("campaign", "--only", "CPA-1,CPA-2,CPA-3", "--engine", "explorer", "-q",
                "--out", report.toString()).exit());
        // Pretend it was interrupted after two checks.
        List<ResultEntry> two = ResultsJson.read(report).subList(0, 2);
        ResultsJson.write(report.resolve(ResultsJson.FILE_NAME), two);

        Cli.Ran resumed = Cli.run("campaign", "--resume", report.toString());
        assertEquals(Main.OK, resumed.exit(), resumed.all());
        assertTrue(resumed.out().contains("3 rows, 3 checks (2 already done)"), resumed.out());
        assertEquals(List.of("CPA-1", "CPA-2", "CPA-3"), ResultsJson.read(report).stream().map(ResultEntry::id).toList());
        oneLine(Cli.run("campaign", "--resume", report.toString(), "--only", "CPA-4"), Main.USAGE,
                "with the selection it was started with (--only CPA-1,CPA-2,CPA-3 --engine explorer -q --out");
    }

    @Test
    void reportFilesGetTheUmasksPermissionsNotATemporaryFilesOwnerOnlyOnes() throws IOException {
        Path report = tmp.resolve("report");
        assertEquals(Main.OK, Cli.run("campaign", "--only", "CPA-3", "--engine", "explorer", "-q", "--out",
                report.toString()).exit());
        Set<PosixFilePermission> asTheUmaskGives = Files.getPosixFilePermissions(
                Files.createFile(tmp.resolve("plain")));
        for (String file : List.of(ResultsJson.FILE_NAME, "summary.md", "index.html", "traces/CPA-3-explorer.txt")) {
            assertEquals(asTheUmaskGives, Files.getPosixFilePermissions(report.resolve(file)), file);
        }
    }
}
