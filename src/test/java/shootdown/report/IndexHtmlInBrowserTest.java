package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.CheckResult;
import shootdown.engine.ExplorerEngine;

/**
 * The report pages as a reader sees them: rendered from disk by a real headless browser (Debian's
 * chromium, which CI installs), with no server and no network. The DOM the browser built must
 * hold the verdict matrix, or the swimlane's lanes, arrows and hazard; the screenshots are kept
 * in target/ for a person to look at.
 */
@Tag("system")
class IndexHtmlInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void theVerdictMatrixRendersInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (CI installs it)");
        List<CatalogueRow> rows = List.of(Catalogue.find("CPA-3").orElseThrow(), Catalogue.find("CPA-4").orElseThrow());
        List<CheckResult> results = new ArrayList<>();
        for (CatalogueRow row : rows) results.add(new ExplorerEngine(1_000_000).check(row, 60_000));
        ReportWriter.write(dir, new CampaignInfo("browser-test", Instant.now(), Duration.ofSeconds(1),
                List.of("explorer"), "test", true), rows, results);
        Path page = dir.resolve(ReportWriter.INDEX);

        String dom = chromium("--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("Verdict matrix"), "the matrix heading is in the rendered DOM");
        assertTrue(dom.contains("class=\"matrix\""), "the matrix table is in the rendered DOM");
        assertTrue(dom.contains("id=\"CPA-3\"") && dom.contains("id=\"CPA-4\""), "one matrix row per catalogue id");
        assertTrue(dom.contains("REFUTED") && dom.contains("PASSED"), "both verdicts are shown");

        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        chromium("--screenshot=" + screenshot, "--window-size=1280,1000", page.toUri().toString());
        assertTrue(Files.size(screenshot) > 10_000, "a real picture was rendered");
        System.out.println("report screenshot: " + screenshot);
    }

    @Test
    void theSwimlanePageRendersInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (CI installs it)");
        // CPA-6's counterexample draws IPIs sent and taken, flushes and TLB entries changing, and
        // ends in a lost update found at quiescence; CPA-3's ends at the step that meets H1.
        List<CatalogueRow> rows = List.of(Catalogue.find("CPA-3").orElseThrow(), Catalogue.find("CPA-6").orElseThrow());
        List<CheckResult> results = new ArrayList<>();
        for (CatalogueRow row : rows) results.add(new ExplorerEngine(1_000_000).check(row, 60_000));
        ReportWriter.write(dir, new CampaignInfo("browser-test", Instant.now(), Duration.ofSeconds(1),
                List.of("explorer"), "test", true), rows, results);

        String index = chromium("--dump-dom", dir.resolve(ReportWriter.INDEX).toUri().toString());
        assertTrue(index.contains("<a href=\"traces/CPA-6-explorer.html\">swimlane</a>"), "the matrix links the page");

        Path page = dir.resolve(ReportWriter.TRACES).resolve("CPA-6-explorer.html");
        String dom = chromium("--dump-dom", page.toUri().toString());
        assertTrue(dom.contains(">CPU0</th>") && dom.contains(">CPU1</th>"), "one lane per CPU");
        assertTrue(dom.contains("<svg class=\"ipi-arrow\" data-from=\"1\" data-to=\"0\""), "an IPI arrow");
        assertTrue(dom.contains("<tr id=\"hazard\" class=\"hazard-row\">"), "the hazard banner");
        String cpa3 = chromium("--dump-dom", dir.resolve(ReportWriter.TRACES).resolve("CPA-3-explorer.html").toUri().toString());
        assertTrue(cpa3.contains("class=\"step hazard-step\""), "the hazard step");

        Path screenshot = Path.of("target", "swimlane-screenshot.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        chromium("--screenshot=" + screenshot, "--window-size=1400,3200", "--hide-scrollbars", page.toUri().toString());
        assertTrue(Files.size(screenshot) > 50_000, "a real picture was rendered");
        System.out.println("swimlane screenshot: " + screenshot);
    }

    private String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Process browser = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = browser.getInputStream().readAllBytes();
        assertTrue(browser.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, browser.exitValue(), "chromium exit status");
        return new String(out, StandardCharsets.UTF_8);
    }
}
