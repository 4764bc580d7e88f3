package shootdown.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.stress.HitSchedules;
import shootdown.stress.RowPool;
import shootdown.stress.SampleResult;

/**
 * jcstress on real hardware threads, for every row that runs one scenario. One jcstress run
 * checks every row of the campaign: a jcstress run costs some fifteen seconds before its first
 * sample (it probes the JVM in a dozen child JVMs), so one run per row would cost minutes. The
 * generic tests ({@code OneCpuRows}, {@code TwoCpuRows}, {@code ThreeCpuRows}, {@code FourCpuRows})
 * take the rows named by {@code -Dshootdown.rows}, one per sample in turn, and grade each hazard
 * by the row's documented verdict. Any hit refutes its row; no hit passes it, though stress never exhausts
 * anything. Each hit's recorded steps replay on the explorer, and each hazard seen comes with
 * the explorer's shortest trace of it.
 *
 * <p>jcstress runs a test only if the machine has a CPU per actor, and says nothing when it
 * does not: rows with more CPUs than this machine are reported SKIPPED, with the reason.
 */
public final class JcstressEngine implements Engine {
    static final String TEST_PACKAGE = "shootdown.stress.";
    /** The generic test for each CPU count. */
    static final Map<Integer, String> TESTS = Map.of(1, "OneCpuRows", 2, "TwoCpuRows", 3, "ThreeCpuRows",
            4, "FourCpuRows");
    /** jcstress runs each test in two JVM configurations (biased locking on and off) when -jvmArgs is given. */
    static final int CONFIGURATIONS = 2;
    /** jcstress's verdicts on a test that ran: FAILED means a FORBIDDEN outcome (a hazard on a safe row). */
    private static final List<String> RAN_STATUSES = List.of("OK", "FAILED");
    /** What a jcstress run costs besides its samples: probing the JVM, forking, compiling (measured: 10-20 s). */
    static final long OVERHEAD_MILLIS = 60_000;
    private static final int OUTPUT_TAIL_LINES = 20;

    private final long millisPerRow;
    private final String classpath;
    private final int machineCpus;
    /** The fewest actors of a test run here: rows of fewer CPUs join it (see {@link RowPool#FEWEST_ACTORS}). */
    private final int fewestActors;
    private final Path logDir;

    /**
     * @param millisPerRow sampling time each row gets (the run's time is shared by its rows)
     * @param logDir       where jcstress's own output is kept, or null
     */
    public JcstressEngine(long millisPerRow, Path logDir) {
        this(millisPerRow, System.getProperty("java.class.path"), Runtime.getRuntime().availableProcessors(), logDir);
    }

    JcstressEngine(long millisPerRow, String classpath, int machineCpus, Path logDir) {
        if (millisPerRow < 1) throw new IllegalArgumentException("the stress time per row must be at least 1 ms");
        this.millisPerRow = millisPerRow;
        this.classpath = classpath;
        this.machineCpus = machineCpus;
        this.fewestActors = Math.max(1, Math.min(2, machineCpus));
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return "jcstress";
    }

    /** Stress runs one scenario: a proof row's whole bound is the explorer's. */
    @Override
    public boolean applies(CatalogueRow row) {
        return !row.isProof();
    }

    @Override
    public boolean checksTogether() {
        return true;
    }

    /** How long a run of {@code rows} may take: its samples, plus jcstress's own start. */
    public long budgetMillis(List<CatalogueRow> rows) {
        return OVERHEAD_MILLIS + sampleMillis(rows) * CONFIGURATIONS * groups(runnable(rows)).size();
    }

    @Override
    public CheckResult check(CatalogueRow row, long budgetMillis) {
        return Engine.alone(this, row, budgetMillis);
    }

    /** Checks every row, in one jcstress run; each row's result goes to {@code each} as it is known. */
    @Override
    public void checkAll(List<CatalogueRow> rows, long budgetMillis, Consumer<CheckResult> each) {
        List<CatalogueRow> runnable = new ArrayList<>();
        for (CatalogueRow row : rows) {
            String why = whyNot(row);
            if (why != null) each.accept(CheckResult.skipped(row.id(), name(), why));
            else runnable.add(row);
        }
        if (runnable.isEmpty()) return;
        long start = System.nanoTime();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("shootdown-jcstress-");
            Path schedules = Files.createDirectories(scratch.resolve("schedules"));
            JcstressRun run = JcstressRun.start(command(runnable, scratch, schedules), scratch);
            if (!run.waitFor(budgetMillis)) {
                long millis = millisSince(start);
                for (CatalogueRow row : runnable) each.accept(outOfBudget(row, budgetMillis, millis));
                return;
            }
            String output = run.output();
            keep(output);
            long millis = millisSince(start);
            StressReading reading = new StressReading(name(), samplingNote(runnable), schedules, this::test);
            for (CatalogueRow row : runnable) {
                each.accept(reading.result(row, JcstressOutput.find(output, test(row)), run.exitCode(), millis,
                        tail(output)));
            }
        } catch (IOException | RuntimeException e) {
            long millis = millisSince(start);
            for (CatalogueRow row : runnable) {
                each.accept(CheckResult.error(row.id(), name(), millis, "jcstress did not run: " + e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** Why this row cannot run here, or null if it can. */
    String whyNot(CatalogueRow row) {
        if (row.isProof()) return "a proof row's bound is many scenarios; stress runs one";
        if (!TESTS.containsKey(actors(row))) {
            return row.cpus() + " CPUs: the stress tests have " + TESTS.keySet().stream().sorted().toList() + " actors";
        }
        if (actors(row) > machineCpus) {
            return row.cpus() + " CPUs, and this machine has " + machineCpus + ": jcstress runs one hardware thread per "
                    + "CPU and skips a test that does not fit";
        }
        return null;
    }

    private List<CatalogueRow> runnable(List<CatalogueRow> rows) {
        return rows.stream().filter(r -> whyNot(r) == null).toList();
    }

    /** The rows by the test that runs them. */
    private Map<Integer, List<CatalogueRow>> groups(List<CatalogueRow> rows) {
        Map<Integer, List<CatalogueRow>> out = new LinkedHashMap<>();
        for (CatalogueRow r : rows) out.computeIfAbsent(actors(r), n -> new ArrayList<>()).add(r);
        return out;
    }

    private int actors(CatalogueRow row) {
        return RowPool.actorsFor(row.cpus(), fewestActors);
    }

    /** Every test's iteration lasts this long, so that each of its rows gets its share (at least 50 ms). */
    private long sampleMillis(List<CatalogueRow> rows) {
        int largest = groups(runnable(rows)).values().stream().mapToInt(List::size).max().orElse(1);
        return Math.max(50, millisPerRow * largest / CONFIGURATIONS);
    }

    /** e.g. "jcstress: 28 rows in one run, sampled in turn, 14,000 ms x 2 JVM configurations, ~1,000 ms a row". */
    private String samplingNote(List<CatalogueRow> rows) {
        return String.format(Locale.ROOT, "jcstress: %d row%s in one run, sampled in turn, %,d ms x %d JVM "
                + "configurations, about %,d ms a row", rows.size(), rows.size() == 1 ? "" : "s", sampleMillis(rows),
                CONFIGURATIONS, millisPerRow);
    }

    private List<String> command(List<CatalogueRow> rows, Path scratch, Path schedules) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Sample counts are printed with the default locale's digit grouping; pin one.
        command.add("-Duser.language=en");
        command.add("-Duser.country=US");
        command.add(ClasspathArgFile.write(scratch, JcstressRun.classpath(classpath)));
        command.add(JcstressChild.class.getName());
        String tests = groups(rows).keySet().stream().map(TESTS::get).collect(Collectors.joining("|"));
        command.addAll(List.of("-t", "^" + TEST_PACKAGE.replace(".", "\\.") + "(" + tests + ")$"));
        // The machine's shared state sits behind one Java monitor: the JIT configurations
        // jcstress tries by default hunt Java memory-model effects these tests cannot have, so
        // one JVM flag set (two configurations: biased locking on and off), one fork each.
        command.addAll(List.of("-f", "1", "-iters", "1", "-time", String.valueOf(sampleMillis(rows)), "-sc", "false"));
        command.addAll(List.of("-jvmArgs", "-XX:+UseSerialGC"));
        command.addAll(List.of("-jvmArgs", "-D" + RowPool.ROWS + "=" + rows.stream().map(CatalogueRow::id)
                .collect(Collectors.joining(","))));
        command.addAll(List.of("-jvmArgs", "-D" + RowPool.FEWEST_ACTORS + "=" + fewestActors));
        command.addAll(List.of("-jvmArgs", "-D" + HitSchedules.DIRECTORY + "=" + schedules));
        // A built-in row that flushes otherwise than the catalogue says was given the campaign's --flush.
        rows.stream().filter(r -> Catalogue.find(r.id()).filter(b -> b.flushMethod() != r.flushMethod()).isPresent())
                .findFirst().ifPresent(r -> command.addAll(List.of("-jvmArgs", "-D" + RowPool.FLUSH + "="
                        + r.flushMethod().label)));
        Path userRows = UserRows.write(rows.stream().filter(r -> Catalogue.find(r.id()).isEmpty()).toList(), scratch);
        if (userRows != null) command.addAll(List.of("-jvmArgs", "-D" + RowPool.CATALOGUE + "=" + userRows));
        command.addAll(List.of("-r", scratch.resolve("results").toString(), "-v"));
        return command;
    }

    /** jcstress's output, for reading after the fact: the terminal never shows it. */
    private void keep(String output) {
        if (logDir == null) return;
        try {
            Files.createDirectories(logDir);
            Files.writeString(logDir.resolve("jcstress-output.txt"), output);
        } catch (IOException e) {
            // The results are read from the output in memory; the copy is for reading later.
        }
    }

    /** The generic test that runs the row here. */
    String test(CatalogueRow row) {
        return TEST_PACKAGE + TESTS.get(actors(row));
    }

    private CheckResult outOfBudget(CatalogueRow row, long budgetMillis, long millis) {
        return new CheckResult(row.id(), name(), Verdict.INCONCLUSIVE, false, 0, 0, millis, -1, null, List.of(),
                List.of(), null, 0, 0, "jcstress was stopped at its budget of " + budgetMillis + " ms before it "
                + "reported any sample; give the campaign more time (--check-budget)", null);
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover scratch directory under the temp dir is harmless.
        }
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Whether jcstress ran the test (OK, or FAILED: a forbidden outcome was seen). */
    static boolean ran(String status) {
        return RAN_STATUSES.contains(status);
    }
}
