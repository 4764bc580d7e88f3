package shootdown.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shortest recorded hit of each (row, hazard) in this JVM, kept in the directory named by
 * {@value #DIRECTORY} (one file per row, hazard and JVM) so the campaign can replay it on the
 * explorer. The machine serializes its steps, so a sample's steps in the machine's order are a
 * schedule the explorer can follow (see {@link shootdown.engine.StepOrder}). A file is written
 * only when a shorter hit is seen, so after the first few hits writing stops.
 */
public final class HitSchedules {
    public static final String DIRECTORY = "shootdown.schedules";
    public static final String SUFFIX = ".schedule";

    private static final Map<String, Integer> SHORTEST = new HashMap<>();

    private HitSchedules() {
    }

    /** A sample of {@code row} hit {@code kind} after the steps of {@code schedule}. */
    static void offer(String row, String kind, List<Integer> schedule) {
        String dir = System.getProperty(DIRECTORY);
        if (dir == null || schedule.isEmpty()) return;
        String key = fileName(row, kind);
        synchronized (SHORTEST) {
            Integer best = SHORTEST.get(key);
            if (best != null && best <= schedule.size()) return;
            SHORTEST.put(key, schedule.size());
        }
        write(Path.of(dir), key + "." + ProcessHandle.current().pid() + SUFFIX,
                schedule.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /** e.g. {@code CPA-3.H1_MIXED_SIZE_CONFLICT}: the start of the files of one row's hits of one hazard. */
    public static String fileName(String row, String kind) {
        return row.replaceAll("[^A-Za-z0-9_-]", "_") + "." + kind;
    }

    private static void write(Path dir, String name, String text) {
        try {
            Path temp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
            Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // A hit without its schedule is still counted; the campaign says it has no replay.
        }
    }
}
