package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in examples/ states in its header the commands to run and the answer the tool
 * gives ("Run:" then "Answer: STATUS[, what the output names]"): each command runs here, and must
 * give that answer, with the exit status that goes with it.
 */
class ExamplesTest {
    record Claim(Path file, String command, String status, String names) {
        @Override
        public String toString() {
            return file.getParent().getFileName() + ": " + command.substring(command.indexOf(' ', command.indexOf(' ') + 1) + 1);
        }
    }

    /** The claims that run in seconds: all but the proofs to two operations per CPU. */
    static Stream<Claim> quickClaims() throws IOException {
        return allClaims().filter(c -> !c.command().contains("--ops 2"));
    }

    static Stream<Claim> proofsToTwoOperations() throws IOException {
        return allClaims().filter(c -> c.command().contains("--ops 2"));
    }

    private static Stream<Claim> allClaims() throws IOException {
        List<Claim> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("examples"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String run = null;
                for (String line : Files.readAllLines(file)) {
                    String text = line.replaceFirst("^\\s*\\*\\s*", "");
                    if (text.startsWith("Run:")) run = text.substring(4).trim();
                    if (text.startsWith("Answer:") && run != null) {
                        String[] answer = text.substring(7).trim().split(",\\s*", 2);
                        out.add(new Claim(file, run, answer[0], answer.length > 1 ? answer[1] : null));
                        run = null;
                    }
                }
            }
        }
        assertFalse(out.isEmpty(), "examples/ states no answers");
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quickClaims")
    void eachExampleGivesTheAnswerItsHeaderStates(Claim claim) {
        assertAnswer(claim);
    }

    @Tag("deep") // proofs of up to 3 CPUs x 2 operations: about 35 s in all
    @ParameterizedTest(name = "{0}")
    @MethodSource("proofsToTwoOperations")
    void eachExampleProofToTwoOperationsGivesTheAnswerItsHeaderStates(Claim claim) {
        assertAnswer(claim);
    }

    private static void assertAnswer(Claim claim) {
        List<String> args = words(claim.command());
        assertEquals("./shootdown", args.remove(0), claim.command());
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            exit = Main.run(args.toArray(new String[0]));
        } finally {
            System.setOut(old);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        String firstLine = output.lines().findFirst().orElse("");
        assertTrue(firstLine.contains(claim.status()), () -> "expected " + claim.status() + ":\n" + output);
        int expected = claim.status().equals("PROVED") || claim.status().equals("ACCEPTED") ? 0 : 1;
        assertEquals(expected, exit, output);
        if (claim.names() != null) assertTrue(output.contains(claim.names()), () -> "expected " + claim.names() + ":\n" + output);
    }

    /**
     * A kernel tree's own catalogue (examples/catalogue.toml) runs like the built-in one: its rows
     * get their documented verdicts, and a second run checked against the first as its ledger finds
     * no drift; a trace of one of its rows replays from the variant file it names.
     */
    @Tag("deep") // two campaigns of a user's catalogue: about 6 s
    @org.junit.jupiter.api.Test
    void aUsersCatalogueIsItsOwnLedger(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path ledger = tmp.resolve("ledger");
        String[] run = {"campaign", "--catalogue", "examples/catalogue.toml", "--no-builtin", "--engine", "explorer"};
        assertEquals(0, Main.run(concat(run, "--out", ledger.toString())));
        String results = Files.readString(ledger.resolve("results.json"));
        for (String id : List.of("MY-1", "MY-2", "MY-3")) assertTrue(results.contains("\"id\" : \"" + id + "\""), results);
        assertFalse(results.contains("\"agrees\" : false"), results);
        assertEquals(0, Main.run(concat(run, "--out", tmp.resolve("again").toString(), "--check-reference", "--reference",
                ledger.toString())));
        assertEquals(0, Main.run("replay", ledger.resolve("traces").resolve("MY-1-explorer.txt").toString()));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(List.of(more));
        return out.toArray(new String[0]);
    }

    /** The command's words, with double-quoted ones kept whole. */
    private static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (word.length() > 0) out.add(word.toString());
                word.setLength(0);
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) out.add(word.toString());
        return out;
    }
}
