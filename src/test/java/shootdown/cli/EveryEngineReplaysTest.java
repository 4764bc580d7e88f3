package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;
import shootdown.campaign.Verdict;
import shootdown.report.ResultEntry;
import shootdown.report.ResultsJson;

/**
 * A counterexample from any engine is a trace file that {@code replay} runs again to the same
 * hazard: Lincheck's interleaving and a jcstress hit are translated into the explorer's schedule.
 */
@Tag("system")
class EveryEngineReplaysTest {
    @TempDir
    Path tmp;

    private static Cli.Ran replay(Path trace) {
        Cli.Ran r = Cli.run("replay", "-q", trace.toString());
        assertEquals(Main.OK, r.exit(), trace + ": " + r.all());
        return r;
    }

    @Test
    void lincheckCounterexamplesReplayIncludingAHang() throws Exception {
        Path report = tmp.resolve("r");
        // SNP-2-fastpath is an open row, which a default campaign gives Lincheck's small budget: give it the large one.
        Cli.Ran r = Cli.run("campaign", "--only", "CPA-3,SNP-2-fastpath", "--engine", "lincheck",
                "--lincheck-no-race-invocations", "2000", "-q", "--out", report.toString());
        assertEquals(Main.OK, r.exit(), r.all());
        Map<String, ResultEntry> byId = ResultsJson.read(report).stream()
                .collect(Collectors.toMap(ResultEntry::id, Function.identity()));

        assertTrue(replay(report.resolve("traces/CPA-3-lincheck.txt")).out().startsWith("reproduced: H1 mixed-size"));
        String appendix = Files.readString(report.resolve("traces/CPA-3-lincheck-appendix.log"));
        assertTrue(appendix.contains("Thread 1") && appendix.contains("Thread 2"), "Lincheck's table: " + appendix);
        assertTrue(!Files.readString(report.resolve("traces/CPA-3-lincheck.txt")).contains("| Thread 1"),
                "Lincheck's table is not in the trace");

        // CPU2 dies in its RMP #PF with interrupts off; CPU0's flush then waits forever for it: a hang.
        ResultEntry hang = byId.get("SNP-2-fastpath");
        assertEquals(Verdict.REFUTED, hang.verdict(), hang.bound());
        assertEquals("H3_RMP_FAULT", hang.hazard().kind());
        assertTrue(hang.bound().contains("the execution has hung"), hang.bound());
        assertTrue(replay(report.resolve("traces/SNP-2-fastpath-lincheck.txt")).out().startsWith("reproduced: H3"));
    }

    /**
     * One row of each kind a stress run meets, built-in and a kernel tree's own. Every built-in
     * row, under the same generic tests, is stressed by {@code mvn verify}'s jcstress step, where a
     * hit on a safe row is FORBIDDEN and fails the build.
     */
    private static final List<String> STRESSED = List.of(
            "MMU-2",          // racy, hit in about 1% of samples
            "WB-10",          // racy, hit in every sample
            "CPA-4", "WB-10f", // safe: no hit may appear
            "SNP-2-fastpath", // three CPUs: skipped on a 2-CPU machine, with the reason
            "MY-1", "MY-2", "MY-3"); // a kernel tree's rows (variant files compiled again in jcstress's JVMs)

    @Test
    void jcstressRunsEachKindOfRowAndItsHitsReplay() throws Exception {
        Path report = tmp.resolve("r");
        Cli.Ran r = Cli.run("campaign", "--engine", "jcstress", "--stress-millis", "40", "--catalogue",
                "examples/catalogue.toml", "--only", String.join(",", STRESSED), "-q", "--out", report.toString());
        assertEquals(Main.OK, r.exit(), r.all());
        Map<String, ResultEntry> byId = ResultsJson.read(report).stream()
                .collect(Collectors.toMap(ResultEntry::id, Function.identity()));
        int cpus = Runtime.getRuntime().availableProcessors();
        int replayed = 0;
        for (CatalogueRow row : Catalogue.rows()) {
            if (!STRESSED.contains(row.id())) continue;
            ResultEntry e = byId.get(row.id());
            assertTrue(e != null, row.id() + " has no jcstress result");
            if (row.cpus() > cpus) {
                assertEquals(Verdict.SKIPPED, e.verdict(), row.id());
                assertTrue(e.bound().contains(row.cpus() + " CPUs, and this machine has " + cpus), e.bound());
                continue;
            }
            assertTrue(e.verdict() == Verdict.PASSED || e.verdict() == Verdict.REFUTED, row.id() + ": " + e.error());
            assertTrue(e.samples() > 0, row.id());
            if (row.documented() == Documented.SAFE) assertEquals(0, e.hits(), row.id() + " is documented safe");
            if (e.hits() > 0 && e.schedule() != null && !e.schedule().isEmpty()) {
                replay(report.resolve(e.traceFile()));
                replayed++;
            }
        }
        assertTrue(replayed > 0, "at least one stress hit replayed");
        for (String own : List.of("MY-1", "MY-2")) {
            ResultEntry e = byId.get(own);
            assertTrue(e.verdict() == Verdict.PASSED || e.verdict() == Verdict.REFUTED, own + ": " + e.error());
            assertTrue(e.samples() > 0, own);
        }
        assertEquals(0, byId.get("MY-2").hits(), "MY-2 is documented safe");
        assertTrue(!byId.containsKey("MY-3"), "a proof row has no one scenario to stress");
        try (var files = Files.list(report.resolve("traces"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    assertTrue(line.length() <= 75, file.getFileName() + ": " + line.length() + " columns: " + line);
                }
            }
        }
    }
}
