package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.engine.ExplorerEngine;

/** The whole report from real explorer results: CPA-3 refuted with a trace, CPA-4 passed and exhausted. */
class ReportWriterTest {
    private static List<CheckResult> results;

    @TempDir
    Path dir;

    @BeforeAll
    static void explore() {
        ExplorerEngine explorer = new ExplorerEngine(1_000_000);
        results = List.of(explorer.check(Catalogue.find("CPA-3").orElseThrow(), 30_000),
                explorer.check(Catalogue.find("CPA-4").orElseThrow(), 30_000),
                Fixtures.stress("CPA-4", 2_000_000, 0));
        assertEquals(Verdict.REFUTED, results.get(0).verdict());
        assertEquals(Verdict.PASSED, results.get(1).verdict());
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void writesEveryFile() throws IOException {
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), results);
        for (String name : List.of("results.json", "campaign.json", "summary.md", "index.html",
                "traces/CPA-3-explorer.txt", "traces/CPA-3-explorer.html")) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertFalse(Files.exists(dir.resolve("traces/CPA-4-explorer.txt")), "a pass has no counterexample");
        assertFalse(Files.exists(dir.resolve("traces/CPA-4-explorer.html")), "a pass has no counterexample");
    }

    @Test
    void summaryHasOneRowPerResultAndExplainsItself() throws IOException {
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), results);
        String summary = read("summary.md");
        List<String> rows = summary.lines().filter(l -> l.startsWith("| CPA-")).toList();
        assertEquals(3, rows.size(), summary);
        assertTrue(rows.get(0).startsWith("| CPA-3 | no-cpa-lock | racy | explorer | **REFUTED** | yes |"),
                rows.get(0));
        assertTrue(rows.get(0).contains("[traces/CPA-3-explorer.txt](traces/CPA-3-explorer.txt) "
                + "([swimlane](traces/CPA-3-explorer.html))"), rows.get(0));
        assertTrue(rows.get(1).contains("| **PASSED** | yes |") && rows.get(1).contains("exhausted"), rows.get(1));
        assertTrue(rows.get(2).contains("stress cannot prove absence"), rows.get(2));
        assertTrue(summary.contains("- **CPA-3** (explorer): H1 mixed-size TLB conflict at step"), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("- **CPA-3** (explorer): H1")
                && l.endsWith("[Trace page](traces/CPA-3-explorer.html).")), summary);
        assertTrue(summary.contains("## How to read this"), summary);
        assertTrue(summary.contains("never prove it correct"), summary);
        assertTrue(summary.contains("Command: `./shootdown campaign CPA`"), summary);
    }

    @Test
    void indexIsOneSelfContainedPageWithTheMatrix() throws IOException {
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), results);
        String html = read("index.html");
        assertTrue(html.contains("<th>explorer</th><th>lincheck</th><th>jcstress</th>"), html);
        for (var row : Catalogue.rows()) assertTrue(html.contains("<tr id=\"" + row.id() + "\">"), row.id());
        assertTrue(html.contains("<td class=\"cell refuted\""), html);
        assertTrue(html.contains("<td class=\"cell passed\""), html);
        assertTrue(html.contains("<td class=\"cell pending\">not run</td>"), html);
        assertTrue(html.contains("<a href=\"traces/CPA-3-explorer.html\">swimlane</a> &middot; "
                + "<a href=\"traces/CPA-3-explorer.txt\">text</a>"), "the matrix cell links both traces");
        assertTrue(html.lines().anyMatch(l -> l.startsWith("  <li><b>CPA-3</b> (explorer): H1")
                && l.contains("<a href=\"traces/CPA-3-explorer.html\">Trace page</a>")), "the hazard links its page");
        assertTrue(html.contains("<style>"), html);
        for (String external : List.of("http://", "https://", "<script", "<link", "src=")) {
            assertFalse(html.contains(external), external);
        }
    }

    @Test
    void theTraceFileDrawsTheRaceAndCarriesItsSchedule() throws IOException {
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), results);
        String trace = read("traces/CPA-3-explorer.txt");
        assertTrue(trace.lines().anyMatch(l -> l.strip().startsWith("CPU0") && l.contains("CPU1")), trace);
        assertTrue(trace.replaceAll("\\s+", " ").contains("^^^ HAZARD: H1 mixed-size TLB conflict"), trace);
        assertTrue(trace.contains("set_pte_atomic"), trace);
        assertEquals(results.get(0).schedule(), TraceFile.parseSchedule(trace).orElseThrow());
        assertTrue(trace.replace("\\\n", "").replaceAll("\\s+", " ").contains("replay: ./shootdown replay "
                + dir.resolve("traces/CPA-3-explorer.txt").toAbsolutePath()), trace);
    }

    @Test
    void rewritingIsIdempotentAndLeavesNoTemporaryFiles() throws IOException {
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), results);
        List<String> first = snapshot();
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), results);
        assertEquals(first, snapshot());
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aResumedCampaignRebuildsTheSameReport() throws IOException {
        CampaignInfo running = Fixtures.INFO.at(Duration.ofSeconds(3), false);
        List<CheckResult> done = new ArrayList<>();
        for (CheckResult r : results.subList(0, 2)) {
            done.add(r);
            ReportWriter.write(dir, running, Catalogue.rows(), done);
        }
        assertTrue(read("summary.md").contains("in progress"));
        assertTrue(read("index.html").contains("<td class=\"cell pending\">pending</td>"));
        // Resume: read back what was done, add the rest, finish.
        List<CheckResult> resumed = new ArrayList<>(ResultsJson.readResults(dir));
        assertEquals(results.subList(0, 2), resumed);
        resumed.add(results.get(2));
        ReportWriter.write(dir, CampaignJson.read(dir).at(Fixtures.INFO.elapsed(), true), Catalogue.rows(), resumed);
        List<String> afterResume = snapshot();
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), results);
        assertEquals(snapshot(), afterResume);
    }

    @Test
    void aRerunCheckReplacesItsEarlierResult() throws IOException {
        List<CheckResult> twice = List.of(results.get(0), Fixtures.passed("CPA-3", "explorer"));
        ReportWriter.write(dir, Fixtures.INFO, Catalogue.rows(), twice);
        List<ResultEntry> entries = ResultsJson.read(dir);
        assertEquals(1, entries.size());
        assertEquals(Verdict.PASSED, entries.get(0).verdict());
        assertTrue(read("summary.md").contains("- **CPA-3** (explorer): documented racy, tool says PASSED."),
                read("summary.md"));
    }

    private List<String> snapshot() throws IOException {
        List<String> contents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                contents.add(dir.relativize(p) + "\n" + Files.readString(p));
            }
        }
        return contents;
    }
}
