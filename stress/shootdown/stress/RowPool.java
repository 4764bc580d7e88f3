package shootdown.stress;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.UserRows;

/**
 * The rows the generic stress tests run in this JVM, read once from its system properties
 * (jcstress hands its forks the JVM options it was given): {@value #ROWS}, the ids to run
 * (default: every built-in row), and {@value #CATALOGUE}, a catalogue file with the user's rows.
 * Each test takes the rows with as many CPUs as it has actors, one per sample in turn, so every
 * row gets its share of the samples of one jcstress run.
 */
public final class RowPool {
    public static final String ROWS = "shootdown.rows";
    public static final String CATALOGUE = "shootdown.catalogue";
    /** How flush_tlb_all() works in rows that do not say (the campaign's --flush; default: by IPI). */
    public static final String FLUSH = "shootdown.flush";
    /**
     * The fewest actors of a test that runs here: rows of fewer CPUs run in that test, their spare
     * actors idle. jcstress gives every test the same sampling time, so a test of its own for the
     * few one-CPU rows would cost as much as the test of all the two-CPU rows. Default 2; the
     * campaign says 1 on a machine of one CPU, where a two-actor test does not run.
     */
    public static final String FEWEST_ACTORS = "shootdown.fewestActors";
    static final int DEFAULT_FEWEST_ACTORS = 2;

    private static final Map<Integer, RowPool> BY_CPUS = new ConcurrentHashMap<>();

    private final CatalogueRow[] rows;
    private final AtomicLong next = new AtomicLong();

    private RowPool(List<CatalogueRow> rows) {
        this.rows = rows.toArray(new CatalogueRow[0]);
    }

    /** The rows of this JVM's selection that the test of {@code actors} actors runs. */
    public static RowPool forCpus(int actors) {
        int fewest = Integer.getInteger(FEWEST_ACTORS, DEFAULT_FEWEST_ACTORS);
        return BY_CPUS.computeIfAbsent(actors, n -> new RowPool(selected(System.getProperty(ROWS),
                System.getProperty(CATALOGUE)).stream().filter(r -> actorsFor(r.cpus(), fewest) == n).toList()));
    }

    /** The actors of the test that runs a row of {@code cpus} CPUs, given the fewest any test here has. */
    public static int actorsFor(int cpus, int fewestActors) {
        return Math.max(cpus, fewestActors);
    }

    /** Every row the properties name that stress can run (one scenario, not a proof's bound). */
    static List<CatalogueRow> selected(String ids, String catalogue) {
        return UserRows.select(ids, catalogue, System.getProperty(FLUSH));
    }

    /** The next sample: a fresh machine for the next row in turn; null when no row has this many CPUs. */
    StressRun nextRun() {
        if (rows.length == 0) return null;
        return new StressRun(rows[(int) Math.floorMod(next.getAndIncrement(), (long) rows.length)]);
    }

    /** For the test's description of what ran. */
    Set<String> ids() {
        return Arrays.stream(rows).map(CatalogueRow::id).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

}
