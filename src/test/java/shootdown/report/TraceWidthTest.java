package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Campaign;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Selection;
import shootdown.engine.CheckResult;
import shootdown.engine.Engine;
import shootdown.engine.Engines;

/**
 * Every text trace pastes into a commit message or a reply on the list: no line wider than 75
 * columns. Checked on the committed reference ledger, on the ledger's results drawn again, and
 * on a fresh campaign (two- and three-CPU rows). Lincheck's and jcstress's counterexamples are
 * drawn by the same code from the explorer's replay; EveryEngineReplaysTest checks a fresh
 * jcstress report's traces too.
 */
class TraceWidthTest {
    private static final Path LEDGER = Path.of("reports", "reference");

    @TempDir
    Path tmp;

    private static List<String> tooWide(Path traces) throws IOException {
        List<String> wide = new ArrayList<>();
        try (Stream<Path> files = Files.list(traces)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).length() > TraceFormatter.DEFAULT_WIDTH) {
                        wide.add(file.getFileName() + ":" + (i + 1) + " is " + lines.get(i).length() + " columns");
                    }
                }
            }
        }
        return wide;
    }

    @Test
    void theCommittedLedgersTracesFit() throws IOException {
        // A ledger written before traces were drawn in 75 columns is redrawn below until it is regenerated.
        assumeTrue(CampaignJson.read(LEDGER).args() != null,
                "the reference ledger predates this trace format (its campaign.json keeps no args): regenerate it");
        assertEquals(List.of(), tooWide(LEDGER.resolve("traces")));
    }

    @Test
    void theLedgersCounterexamplesDrawnAgainFit() throws IOException {
        List<CheckResult> results = ResultsJson.readResults(LEDGER);
        Path traces = Files.createDirectories(tmp.resolve("l"));
        int drawn = 0;
        for (CheckResult result : results) {
            if (!TraceFile.hasTrace(result)) continue;
            CatalogueRow row = Catalogue.find(result.id()).orElse(null);
            Path file = traces.resolve(TraceFile.fileName(result));
            Files.writeString(file, TraceFile.text(row, result, file, TraceFormatter.DEFAULT_WIDTH, null));
            drawn++;
        }
        assertTrue(drawn > 30, "the ledger's counterexamples: " + drawn);
        assertEquals(List.of(), tooWide(traces));
    }

    @Tag("deep") // a whole campaign: about 20 s
    @Test
    void aFreshCampaignsTracesFit() throws IOException {
        // Two and three CPUs, a leak at quiescence, the widest traces of the old format (MMU-2, WB-2),
        // an RCU callback (TDP-4), an intra-host migration (WB-7) and one CPU's double free (WB-11).
        List<String> ids = List.of("CPA-3", "MMU-2", "WB-2", "SNP-2-fastpath", "CPA-6", "TDP-4", "TDP-5", "WB-7",
                "WB-11");
        List<CatalogueRow> rows = Selection.rows(ids, List.of());
        List<Engine> engines = Engines.create(List.of("explorer"), new Engines.Settings(2_000_000, 1000, 100, 100, null));
        List<CheckResult> results = new Campaign(rows, engines, 60_000).run(List.of(), new Campaign.Listener() {
            @Override
            public void started(Campaign.Check check, int done, int total) {
            }

            @Override
            public void finished(Campaign.Check check, CheckResult result, List<CheckResult> all) {
            }
        }, Long.MAX_VALUE);
        Path dir = tmp.resolve("f");
        ReportWriter.write(dir, CampaignJson.read(LEDGER), rows, results);
        assertEquals(ids.size(), results.stream().filter(TraceFile::hasTrace).count(), "every row refuted");
        assertEquals(List.of(), tooWide(dir.resolve("traces")));
    }
}
