package shootdown.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;

/**
 * A row's jcstress test ({@code shootdown.stress.<stressTest>}) run on real threads in a child
 * JVM, in one of jcstress's mode presets. Every sample whose outcome is not {@code OK} saw a
 * hazard: any hit refutes the row; no hit passes it, though stress never exhausts anything.
 */
public final class JcstressEngine implements Engine {
    public static final Set<String> MODES = Set.of("sanity", "quick", "default", "tough", "stress");
    static final String TEST_PACKAGE = "shootdown.stress.";
    /** StressRun's outcome for a sample without hazard; any other outcome names one. */
    private static final String NO_HAZARD = "OK";
    /** StressRun's outcome when a CPU's code, run again, asks for other steps. */
    private static final String RULE_BROKEN = "RULE_BROKEN";
    /** jcstress's verdicts on a test that ran: FAILED means a FORBIDDEN outcome was seen. */
    private static final Set<String> RAN_STATUSES = Set.of("OK", "FAILED");
    private static final int OUTPUT_TAIL_LINES = 20;

    private final String mode;
    private final String classpath;

    /** Runs the child on this JVM's own classpath, which holds the stress tests and jcstress. */
    public JcstressEngine(String mode) {
        this(mode, System.getProperty("java.class.path"));
    }

    public JcstressEngine(String mode, String classpath) {
        if (!MODES.contains(mode)) throw new IllegalArgumentException("unknown jcstress mode '" + mode + "'; known: "
                + MODES.stream().sorted().toList());
        this.mode = mode;
        this.classpath = classpath;
    }

    @Override
    public String name() {
        return "jcstress";
    }

    @Override
    public boolean applies(CatalogueRow row) {
        return row.stressTest() != null && !row.isProof();
    }

    @Override
    public CheckResult check(CatalogueRow row, long budgetMillis) {
        long start = System.nanoTime();
        String test = TEST_PACKAGE + row.stressTest();
        if (!onClasspath(test)) {
            return CheckResult.error(row.id(), name(), 0, "no jcstress test " + test + " on the classpath");
        }
        Path scratch = null;
        Process child = null;
        try {
            scratch = Files.createTempDirectory("shootdown-jcstress-");
            Path output = scratch.resolve("jcstress-output.txt");
            child = new ProcessBuilder(command(test, scratch.resolve("results")))
                    .directory(scratch.toFile()) // jcstress drops its result blob in the working directory
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!child.waitFor(budgetMillis, TimeUnit.MILLISECONDS)) {
                kill(child);
                child.waitFor(10, TimeUnit.SECONDS);
                return outOfBudget(row, budgetMillis, millisSince(start));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return result(row, test, text, child.exitValue(), millisSince(start));
        } catch (IOException | RuntimeException e) {
            return CheckResult.error(row.id(), name(), millisSince(start), "jcstress did not run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.error(row.id(), name(), millisSince(start), "interrupted while jcstress ran");
        } finally {
            if (child != null && child.isAlive()) kill(child); // interrupted or failed while it ran
            deleteQuietly(scratch);
        }
    }

    private List<String> command(String test, Path results) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Sample counts are printed with the default locale's digit grouping; pin one.
        command.add("-Duser.language=en");
        command.add("-Duser.country=US");
        command.add("-cp");
        command.add(classpath);
        command.add("org.openjdk.jcstress.Main");
        command.addAll(List.of("-t", "^" + Pattern.quote(test) + "$", "-m", mode, "-r", results.toString()));
        command.add("-v"); // lists tests with only acceptable outcomes too
        // The machine's shared state sits behind one Java monitor: the JIT configurations
        // jcstress tries by default hunt Java memory-model effects these tests cannot have.
        // Two forks per test (as in `mvn verify`) leave the time for samples.
        command.addAll(List.of("-sc", "false", "-jvmArgs", "-XX:+UseSerialGC"));
        return command;
    }

    CheckResult result(CatalogueRow row, String test, String output, int exitCode, long millis) {
        Optional<JcstressOutput.TestResult> found;
        try {
            found = JcstressOutput.find(output, test);
        } catch (IllegalArgumentException e) {
            return CheckResult.error(row.id(), name(), millis, "could not read jcstress's results: " + e.getMessage());
        }
        if (found.isEmpty()) {
            return CheckResult.error(row.id(), name(), millis, "jcstress (exit code " + exitCode
                    + ") reported no result for " + test + "; last lines of its output:\n" + tail(output));
        }
        JcstressOutput.TestResult tested = found.get();
        long samples = tested.samples();
        long hits = tested.samplesOtherThan(NO_HAZARD);
        if (!RAN_STATUSES.contains(tested.status())) {
            return stress(row, Verdict.ERROR, millis, tested, "", "jcstress reported " + tested.status() + " for "
                    + test + " (see its messages in the trace)");
        }
        if (tested.outcomes().stream().anyMatch(o -> o.result().equals(RULE_BROKEN) && o.samples() > 0)) {
            return stress(row, Verdict.ERROR, millis, tested, "", "model code broke a rule: run again alone with the "
                    + "values its steps returned, a CPU's code asked for other steps (the explorer names the step)");
        }
        if (samples == 0) {
            return stress(row, Verdict.ERROR, millis, tested, "", "jcstress took no sample of " + test + " (skipped?)");
        }
        return stress(row, hits > 0 ? Verdict.REFUTED : Verdict.PASSED, millis, tested, bound(row, samples, tested),
                null);
    }

    /** Stress never exhausts anything; the outcome table is the engine's own trace. */
    private CheckResult stress(CatalogueRow row, Verdict verdict, long millis, JcstressOutput.TestResult tested,
                               String bound, String error) {
        return new CheckResult(row.id(), name(), verdict, false, 0, 0, millis, -1, null, List.of(), List.of(),
                tested.text(), tested.samples(), tested.samplesOtherThan(NO_HAZARD), bound, error);
    }

    /** e.g. "1,429,637 samples on 2 threads (jcstress quick), hazards seen: H1_MIXED_SIZE_CONFLICT x 3,635". */
    private String bound(CatalogueRow row, long samples, JcstressOutput.TestResult tested) {
        String hazards = tested.outcomes().stream()
                .filter(o -> !o.result().equals(NO_HAZARD) && o.samples() > 0)
                .map(o -> o.result() + " x " + grouped(o.samples()))
                .collect(Collectors.joining(", "));
        return grouped(samples) + " samples on " + row.scenario().cpus() + " threads (jcstress " + mode + "), "
                + (hazards.isEmpty() ? "no hazard seen" : "hazards seen: " + hazards);
    }

    private CheckResult outOfBudget(CatalogueRow row, long budgetMillis, long millis) {
        return new CheckResult(row.id(), name(), Verdict.INCONCLUSIVE, false, 0, 0, millis, -1, null, List.of(),
                List.of(), null, 0, 0, "jcstress " + mode + " was stopped at the budget of " + budgetMillis
                + " ms before it reported any sample; give it more time or a shorter mode", null);
    }

    /** The loader the child will use sees the same classpath, so it must find the test here. */
    private boolean onClasspath(String test) {
        if (!classpath.equals(System.getProperty("java.class.path"))) return true; // the child will tell
        try {
            Class.forName(test, false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** jcstress forks a JVM per configuration: kill those first, then jcstress itself. */
    private static void kill(Process child) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover scratch directory under the temp dir is harmless.
        }
    }
}
