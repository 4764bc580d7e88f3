package shootdown.engine;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueFile;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Selection;
import shootdown.machine.FlushMethod;

/**
 * The rows a JVM the campaign starts (jcstress's, a Lincheck worker) cannot find in the built-in
 * catalogue (the user's catalogue rows, a {@code --variant-file} row), written as a catalogue
 * file it reads back: the variant by its file (absolute) and the variant it was loaded over, the
 * scenario by its operations and layout.
 */
public final class UserRows {
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

    /**
     * The rows such a JVM runs: {@code ids} (comma-separated; none means every built-in row)
     * from the built-in catalogue and {@code catalogue} (a file {@link #write} wrote, or null),
     * flushing by {@code flush} where a row does not say (null: as the catalogue says). A
     * proof's bound is no one scenario and is left out.
     */
    public static List<CatalogueRow> select(String ids, String catalogue, String flush) {
        List<CatalogueRow> available = Catalogue.rows();
        if (catalogue != null && !catalogue.isBlank()) {
            available = Selection.union(available, CatalogueFile.read(Path.of(catalogue), Catalogue.rows()));
        }
        List<String> wanted = ids == null || ids.isBlank() ? List.of()
                : Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<CatalogueRow> rows = wanted.isEmpty() ? available : Selection.rows(available, wanted, List.of());
        if (flush != null) rows = rows.stream().map(r -> r.flushingByDefault(FlushMethod.parse(flush))).toList();
        return rows.stream().filter(r -> !r.isProof()).toList();
    }
}
