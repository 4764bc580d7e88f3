package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;
import shootdown.engine.CheckResult;

class ResultsJsonTest {
    @TempDir
    Path dir;

    private final List<CheckResult> results = List.of(Fixtures.refuted("CPA-3", "explorer"),
            Fixtures.passed("CPA-4", "explorer"), Fixtures.stress("CPA-3", 1_000_000, 37),
            CheckResult.error("CPA-5", "lincheck", 3, "Lincheck failed to run: boom"));

    private List<ResultEntry> entries() {
        return results.stream().map(r -> ResultEntry.of(Catalogue.find(r.id()).orElseThrow(), r,
                TraceFile.hasTrace(r) ? "traces/" + TraceFile.fileName(r) : null)).toList();
    }

    @Test
    void roundTripsEveryCheckResultField() {
        Path file = dir.resolve("results.json");
        ResultsJson.write(file, entries());
        assertEquals(entries(), ResultsJson.read(file));
        assertEquals(results, ResultsJson.readResults(dir));
    }

    @Test
    void usesTheDocumentedFieldNames() throws Exception {
        JsonNode json = ResultsJson.MAPPER.readTree(ResultsJson.toJson(entries()));
        assertEquals(4, json.size());
        JsonNode first = json.get(0);
        assertEquals("CPA-3", first.get("id").asText());
        assertEquals("explorer", first.get("engine").asText());
        assertEquals("REFUTED", first.get("verdict").asText());
        assertEquals(126, first.get("millisToFirstCounterexample").asLong());
        assertEquals("racy", first.get("documented").asText());
        assertEquals(true, first.get("agrees").asBoolean());
        assertEquals("H1_MIXED_SIZE_CONFLICT", first.get("hazard").get("kind").asText());
        assertEquals("traces/CPA-3-explorer.txt", first.get("traceFile").asText());
        assertEquals("[0,0,0,1,1]", first.get("schedule").toString());
        JsonNode passed = json.get(1);
        assertEquals(true, passed.get("exhausted").asBoolean());
        assertEquals(true, passed.get("hazard").isNull());
        assertEquals(37, json.get(2).get("hits").asLong());
        assertEquals("Lincheck failed to run: boom", json.get(3).get("error").asText());
    }

    @Test
    void campaignInfoRoundTrips() {
        CampaignJson.write(dir.resolve("campaign.json"), Fixtures.INFO);
        assertEquals(Fixtures.INFO, CampaignJson.read(dir));
    }

    @Test
    void aRowOutsideTheCatalogueStillRoundTrips() {
        CheckResult unknown = Fixtures.passed("NEW-1", "explorer");
        ResultEntry entry = ResultEntry.of(null, unknown, null);
        assertNull(entry.documented());
        ResultsJson.write(dir.resolve("results.json"), List.of(entry));
        assertEquals(List.of(unknown), ResultsJson.readResults(dir.resolve("results.json")));
    }

    @Test
    void rewritingLeavesOneFileAndNoTemporaries() throws Exception {
        ResultsJson.write(dir.resolve("results.json"), entries());
        ResultsJson.write(dir.resolve("results.json"), entries());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("results.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
