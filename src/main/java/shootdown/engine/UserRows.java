package shootdown.engine;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shootdown.campaign.CatalogueRow;

/**
 * The rows a jcstress JVM cannot find in the built-in catalogue (the user's catalogue rows, a
 * {@code --variant-file} row), written as a catalogue file it reads back: the variant by its
 * file (absolute) and the variant it was loaded over, the scenario by its operations and layout.
 */
final class UserRows {
    private UserRows() {
    }

    /** The file, or null when every row is built in. */
    static Path write(List<CatalogueRow> rows, Path dir) throws IOException {
        if (rows.isEmpty()) return null;
        List<Map<String, Object>> out = new ArrayList<>();
        for (CatalogueRow row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", row.id());
            r.put("model", row.model().name());
            if (row.variant().source() != null) {
                r.put("variant_file", row.variant().source().toAbsolutePath().toString());
                if (row.variant().base() != null) r.put("base", row.variant().base());
            } else {
                r.put("variant", row.variant().name());
            }
            r.put("ops", row.scenario().describeOps());
            r.put("layout", row.scenario().layout());
            r.put("documented", row.documented().name().toLowerCase(Locale.ROOT));
            if (!row.hazards().isEmpty()) r.put("hazard", row.hazards().stream().map(Enum::name).sorted().toList());
            out.add(r);
        }
        Path file = dir.resolve("rows.toml");
        Files.writeString(file, new TomlMapper().writeValueAsString(Map.of("rows", out)));
        return file;
    }
}
