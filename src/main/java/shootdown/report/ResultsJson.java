package shootdown.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import shootdown.engine.CheckResult;

/** {@code results.json}: a JSON list with one {@link ResultEntry} per check. */
public final class ResultsJson {
    public static final String FILE_NAME = "results.json";

    // Unknown fields are ignored so that older tools can read files written by newer ones.
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultsJson() {
    }

    public static String toJson(List<ResultEntry> entries) {
        try {
            return MAPPER.writeValueAsString(entries) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, List<ResultEntry> entries) {
        AtomicFiles.write(file, toJson(entries));
    }

    /** The entries of a results file (or of a report directory holding one). */
    public static List<ResultEntry> read(Path fileOrDir) {
        Path file = fileOrDir.toFile().isDirectory() ? fileOrDir.resolve(FILE_NAME) : fileOrDir;
        try {
            return List.copyOf(MAPPER.readValue(file.toFile(), new TypeReference<List<ResultEntry>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The checks of a report directory's results file, for a campaign to go on from; a file that
     * is missing, empty, not JSON or not a list of checks is rejected in one line that says which.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static List<CheckResult> readForResume(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("nothing to resume in " + dir + ": it has no " + FILE_NAME);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (text.isBlank()) throw new IllegalArgumentException("cannot resume " + dir + ": " + FILE_NAME + " is empty");
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot resume " + dir + ": " + FILE_NAME + " is not JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
        String foreign = "cannot resume " + dir + ": " + FILE_NAME + " is not a shootdown results file (a list of "
                + "checks, each with id, engine and verdict)";
        if (root == null || !root.isArray()) throw new IllegalArgumentException(foreign);
        for (JsonNode check : root) {
            if (!check.isObject() || !check.path("id").isTextual() || !check.path("engine").isTextual()
                    || !check.path("verdict").isTextual()) {
                throw new IllegalArgumentException(foreign);
            }
        }
        try {
            return MAPPER.readValue(text, new TypeReference<List<ResultEntry>>() { }).stream()
                    .map(ResultEntry::toCheckResult).toList();
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException(foreign + ": " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /** The checks of a results file, as the engines returned them: what a resumed campaign starts from. */
    public static List<CheckResult> readResults(Path fileOrDir) {
        return read(fileOrDir).stream().map(ResultEntry::toCheckResult).toList();
    }
}
