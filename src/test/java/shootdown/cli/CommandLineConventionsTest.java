package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command does the same way: --help, --quiet, --json, a last line that sums up, absolute paths. */
class CommandLineConventionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyCommandHasHelpThatExitsZero() {
        for (String command : List.of("campaign", "prove", "replay", "bench", "list")) {
            Cli.Ran help = Cli.run(command, "--help");
            assertEquals(Main.OK, help.exit(), command + ": " + help.all());
            assertTrue(help.out().startsWith("Usage: shootdown " + command), help.out());
            assertTrue(help.out().replaceAll("\\s+", " ").contains("Exit status"), command + " documents its exit status: " + help.out());
        }
        Cli.Ran top = Cli.run("--help");
        assertEquals(Main.OK, top.exit());
        assertTrue(top.out().contains("5  could not run"), top.out());
    }

    @Test
    void anUnknownOptionIsOneLineAndWhereToLook() {
        Cli.Ran r = Cli.run("prove", "cpa", "--variant", "CPA-4", "--frobnicate");
        assertEquals(Main.USAGE, r.exit());
        assertEquals(List.of("shootdown: Unknown option: '--frobnicate'", "try: ./shootdown prove --help"),
                r.err().lines().toList());
    }

    @Test
    void engineNamesAreCaseInsensitiveLikeIds() {
        Cli.Ran r = Cli.run("campaign", "--only", "cpa-3", "--engine", "EXPLORER", "--model", "CPA", "-q", "--out",
                tmp.resolve("r").toString());
        assertEquals(Main.OK, r.exit(), r.all());
        assertTrue(r.out().contains("1 refuted"), r.out());
    }

    @Test
    void aCampaignEndsWithItsVerdictCountsAndAHumanDuration() {
        Cli.Ran r = Cli.run("campaign", "--only", "CPA-3,CPA-4", "--engine", "explorer", "--out",
                tmp.resolve("r").toString());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("done in [0-9.]+ (ms|s): 2 rows, 2 checks: 1 passed, 1 refuted; report: /.*summary\\.md"),
                last);
        assertFalse(r.out().contains("PT"), "no ISO-8601 durations: " + r.out());
    }

    @Test
    void quietSaysOnlyTheAnswer() {
        Cli.Ran r = Cli.run("campaign", "--only", "CPA-3", "--engine", "explorer", "--quiet", "--out",
                tmp.resolve("r").toString());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        Cli.Ran prove = Cli.run("prove", "cpa", "--variant", "CPA-4", "--quiet");
        assertEquals(Main.OK, prove.exit());
        assertEquals(1, prove.out().strip().lines().count(), prove.out());
        assertTrue(prove.out().startsWith("PROVED: cpa mainline, 2 CPUs x 1 operation"), prove.out());
        assertEquals("CPA-1", Cli.run("list", "-q").out().lines().findFirst().orElseThrow());
    }

    @Test
    void proveAndReplayPrintAbsoluteReplayCommandsAndSpeakJson() throws Exception {
        Path out = tmp.resolve("p");
        Cli.Ran prove = Cli.run("prove", "cpa", "--variant", "CPA-3", "--out", out.toString(), "--json");
        assertEquals(Main.REFUTED, prove.exit(), prove.all());
        JsonNode proof = JSON.readTree(prove.out());
        assertEquals("REFUTED", proof.get("status").asText());
        assertEquals("H1_MIXED_SIZE_CONFLICT", proof.get("hazard").get("kind").asText());
        Path file = Path.of(proof.get("counterexampleFile").asText());
        assertTrue(file.isAbsolute() && Files.isRegularFile(file), file.toString());
        assertTrue(proof.get("replay").asText().endsWith(" replay " + file), proof.get("replay").asText());

        Cli.Ran text = Cli.run("prove", "cpa", "--variant", "CPA-3", "--out", tmp.resolve("q").toString());
        String replayLine = text.out().lines().filter(l -> l.startsWith("replay: ")).findFirst().orElseThrow();
        assertTrue(Path.of(replayLine.substring(replayLine.lastIndexOf(' ') + 1)).isAbsolute(), replayLine);

        Cli.Ran replay = Cli.run("replay", file.toString(), "--json");
        assertEquals(Main.OK, replay.exit(), replay.all());
        JsonNode again = JSON.readTree(replay.out());
        assertTrue(again.get("reproduced").asBoolean());
        assertEquals("H1_MIXED_SIZE_CONFLICT", again.get("hazard").get("kind").asText());
        assertTrue(again.get("trace").size() > 0);
    }

    @Test
    void listSpeaksJson() throws Exception {
        JsonNode rows = JSON.readTree(Cli.run("list", "--json").out());
        assertTrue(rows.isArray() && rows.size() > 20);
        assertEquals("CPA-1", rows.get(0).get("id").asText());
        assertEquals("safe", rows.get(0).get("documented").asText());
        JsonNode cpa = JSON.readTree(Cli.run("list", "--ops", "cpa", "--json").out());
        assertEquals("cpa", cpa.get("model").asText());
        assertTrue(cpa.get("operations").size() > 0);
    }
}
