package shootdown.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code campaign.json}: the {@link CampaignInfo} of a report, so an interrupted campaign can be resumed. */
public final class CampaignJson {
    public static final String FILE_NAME = "campaign.json";

    private CampaignJson() {
    }

    /** Plain types only: the ISO-8601 start time and elapsed milliseconds need no Jackson time module. */
    @JsonPropertyOrder({"runName", "started", "elapsedMillis", "engines", "commandLine", "finished", "args"})
    record Entry(String runName, String started, long elapsedMillis, List<String> engines, String commandLine,
                 boolean finished, List<String> args) {
    }

    public static void write(Path file, CampaignInfo info) {
        Entry entry = new Entry(info.runName(), info.started().toString(), info.elapsed().toMillis(), info.engines(),
                info.commandLine(), info.finished(), info.args());
        try {
            AtomicFiles.write(file, ResultsJson.MAPPER.writeValueAsString(entry) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The campaign of a {@code campaign.json} file (or of a report directory holding one). */
    public static CampaignInfo read(Path fileOrDir) {
        Path file = fileOrDir.toFile().isDirectory() ? fileOrDir.resolve(FILE_NAME) : fileOrDir;
        try {
            Entry e = ResultsJson.MAPPER.readValue(file.toFile(), Entry.class);
            return new CampaignInfo(e.runName(), Instant.parse(e.started()), Duration.ofMillis(e.elapsedMillis()),
                    e.engines() == null ? List.of() : e.engines(), e.commandLine(), e.finished(), e.args());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + file + ": it is not a shootdown campaign.json ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }
}
