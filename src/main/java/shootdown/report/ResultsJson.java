package shootdown.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** The checks of a results file, as the engines returned them: what a resumed campaign starts from. */
    public static List<CheckResult> readResults(Path fileOrDir) {
        return read(fileOrDir).stream().map(ResultEntry::toCheckResult).toList();
    }
}
