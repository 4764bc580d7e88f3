package shootdown.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import shootdown.campaign.Campaign;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueFile;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;
import shootdown.campaign.Models;
import shootdown.campaign.Selection;
import shootdown.campaign.Verdict;
import shootdown.campaign.VerdictDrift;
import shootdown.engine.CheckResult;
import shootdown.engine.Engine;
import shootdown.engine.Engines;
import shootdown.engine.JcstressEngine;
import shootdown.machine.FlushMethod;
import shootdown.model.Model;
import shootdown.model.Variant;
import shootdown.report.CampaignInfo;
import shootdown.report.CampaignJson;
import shootdown.report.CostTables;
import shootdown.report.Durations;
import shootdown.report.ReportWriter;
import shootdown.report.ResultsJson;
import shootdown.report.TraceFormatter;

/** {@code shootdown campaign}: run the selected rows on the selected engines and write a report. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Check catalogue rows with the exhaustive explorer, Lincheck and jcstress, and write "
                + "reports/<run>/ (summary.md, index.html, results.json, traces/, logs/) as each check finishes. "
                + "By default Lincheck gets " + CampaignCommand.LINCHECK + " interleavings on rows whose history "
                + "documents a race and " + CampaignCommand.LINCHECK_NO_RACE + " on the others, and jcstress about "
                + CampaignCommand.STRESS_MILLIS + " ms of sampling per row in one run for all rows; --thorough "
                + "gives every row " + CampaignCommand.THOROUGH_LINCHECK + " interleavings and "
                + CampaignCommand.THOROUGH_STRESS_MILLIS + " ms. Exit status: 0 every check ran, whatever the "
                + "verdicts; 2 bad usage (including a report directory in the way: see --force, --resume); "
                + "4 --check-reference found a verdict that changed; 5 a check could not run (ERROR) or the "
                + "report could not be written.")
final class CampaignCommand implements Callable<Integer> {
    static final int LINCHECK = 1200;
    static final int LINCHECK_NO_RACE = 20;
    static final int THOROUGH_LINCHECK = 5000;
    static final long STRESS_MILLIS = 200;
    static final long THOROUGH_STRESS_MILLIS = 10_000;
    /** Options that choose what a campaign checks: a resume reads them back from the report. */
    private static final List<String> SELECTION = List.of("--only", "--model", "--engine", "--flush", "--catalogue",
            "--no-builtin", "--variant-file", "--base", "--scenario", "--layout", "--documented");

    /** The committed ledger, found from the project home the launcher passes (or the working directory). */
    static Path defaultReference() {
        return Paths.get(System.getProperty("shootdown.home", "."), "reports", "reference");
    }

    static final int DRIFT = Main.CHANGED;
    /** How often a running campaign renders its summary and index again (its results: after every check). */
    private static final long PAGES_EVERY_NANOS = 5_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Catalogue ids to run (default: all).")
    List<String> only = List.of();

    @Option(names = "--model", split = ",", paramLabel = "MODEL", description = "Models to run (default: all).")
    List<String> models = List.of();

    @Option(names = "--engine", split = ",", paramLabel = "ENGINE", defaultValue = "explorer,lincheck,jcstress",
            description = "Engines, in any case: explorer, lincheck, jcstress (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report directory (default: reports/<date-time>); one that holds a report is refused "
                    + "unless --force (or continue it with --resume).")
    Path out;

    @Option(names = "--force", description = "With --out: replace the report already in DIR.")
    boolean force;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the campaign whose report is in DIR, with the selection it was started with: "
                    + "finished checks are kept, the rest run.")
    Path resume;

    @Option(names = "--check-budget", paramLabel = "SECONDS", defaultValue = "120",
            description = "Time budget of each check, at least 1 (default: ${DEFAULT-VALUE}).")
    long checkBudgetSeconds;

    @Option(names = "--budget", paramLabel = "SECONDS",
            description = "Time budget of the whole campaign, at least 1; checks not started by then are left for "
                    + "--resume (default: none).")
    Long budgetSeconds;

    @Option(names = "--max-states", defaultValue = "2000000",
            description = "Explorer: distinct states before INCONCLUSIVE (default: ${DEFAULT-VALUE}).")
    long maxStates;

    @Option(names = "--lincheck-invocations", paramLabel = "N",
            description = "Lincheck: interleavings on a row whose history documents a race (racy, buggy), where it "
                    + "stops at the first counterexample (default: " + LINCHECK + ", --thorough "
                    + THOROUGH_LINCHECK + ").")
    Integer lincheckInvocations;

    @Option(names = "--lincheck-no-race-invocations", paramLabel = "N",
            description = "Lincheck: interleavings on the other rows (safe, open), where its tree never exhausts "
                    + "(default: " + LINCHECK_NO_RACE + ", --thorough " + THOROUGH_LINCHECK + ").")
    Integer lincheckNoRaceInvocations;

    @Option(names = "--stress-millis", paramLabel = "MS",
            description = "jcstress: sampling time per row, shared in one run by every row (default: " + STRESS_MILLIS
                    + ", --thorough " + THOROUGH_STRESS_MILLIS + ").")
    Long stressMillis;

    @Option(names = "--thorough", description = "The long campaign: more Lincheck interleavings and stress samples on every row.")
    boolean thorough;

    @Option(names = "--flush", paramLabel = "ipi|invlpgb",
            description = "How flush_tlb_all() reaches the other CPUs in rows that do not say: by IPI (the default), "
                    + "or by INVLPGB + TLBSYNC.")
    String flush;

    @Option(names = "--check-reference", description = "Compare the verdicts with the reference ledger (--reference) "
            + "and exit 4, naming each, if any changed.")
    boolean checkReference;

    @Option(names = "--reference", paramLabel = "DIR",
            description = "The reference ledger --check-reference compares with (default: reports/reference).")
    Path reference;

    @Option(names = "--catalogue", paramLabel = "FILE",
            description = "Your catalogue (TOML, see docs/catalogue.md): its rows run beside the built-in ones.")
    List<Path> catalogues = List.of();

    @Option(names = "--no-builtin", description = "Run only the rows of --catalogue or --variant-file, not the built-in ones.")
    boolean noBuiltin;

    @Option(names = "--variant-file", paramLabel = "FILE",
            description = "Your variant (a Java file, see examples/) as one more row, on --scenario; needs --model.")
    Path variantFile;

    @Option(names = "--base", paramLabel = "V", description = "With --variant-file: the built-in variant it changes.")
    String base;

    @Option(names = "--scenario", paramLabel = "TEXT",
            description = "With --variant-file: the row's scenario, \"CPU0: op(page), ... | CPU1: ...\".")
    String scenario;

    @Option(names = "--layout", paramLabel = "L", description = "With --scenario: the boot layout.")
    String layout;

    @Option(names = "--documented", paramLabel = "VERDICT", defaultValue = "open",
            description = "With --variant-file: what you expect, safe, racy, buggy or open (default: ${DEFAULT-VALUE}).")
    String documented;

    @Option(names = "--width", defaultValue = "" + TraceFormatter.DEFAULT_WIDTH, paramLabel = "N",
            description = "The widest line of the text traces (default: ${DEFAULT-VALUE}, what a commit message holds).")
    int width;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        verbosity.check();
        List<String> args = originalArgs();
        if (resume != null) args = readBack(args);
        checkLimits();
        engines.forEach(Engines::canonical); // an unknown engine is bad usage, whatever else is wrong
        List<CatalogueRow> rows = flushing(Selection.rows(available(), only, variantFile != null ? List.of() : models));
        Path dir = resume != null ? ReportDirs.writable(resume, false)
                : ReportDirs.writable(out != null ? out : ReportDirs.byDefault(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))), false);
        List<CheckResult> done = resume != null ? ResultsJson.readForResume(dir) : List.of();
        List<CheckResult> referenceResults = checkReference ? reference() : List.of();
        Path logs = dir.resolve(ReportFiles.LOGS);
        JcstressEngine[] stress = new JcstressEngine[1];
        List<Engine> chosen = Engines.create(engines, new Engines.Settings(maxStates, lincheck(), lincheckNoRace(),
                stressMillis(), logs));
        for (Engine e : chosen) if (e instanceof JcstressEngine j) stress[0] = j;
        // Everything the command line says is known good: only now is anything written.
        if (resume == null) ReportFiles.clearForNewReport(dir, force);
        ReportDirs.writable(dir, true);
        long checkBudget = checkBudgetSeconds * 1000;
        Campaign campaign = new Campaign(rows, chosen, checkBudget, (engine, batch) -> engine == stress[0]
                ? Math.max(checkBudget, stress[0].budgetMillis(batch)) : checkBudget * batch.size());
        Instant started = Instant.now();
        String commandLine = "./shootdown campaign " + String.join(" ", args);
        List<String> engineNames = chosen.stream().map(Engine::name).toList();
        CampaignInfo info = new CampaignInfo(dir.getFileName().toString(), started, Duration.ZERO, engineNames,
                commandLine, false, args);
        long deadline = budgetSeconds != null ? System.currentTimeMillis() + budgetSeconds * 1000 : Long.MAX_VALUE;
        int total = campaign.plan().size();

        if (!verbosity.quiet) {
            System.out.printf("shootdown campaign: %d rows, %d checks%s, report in %s%n", rows.size(), total,
                    done.isEmpty() ? "" : " (" + done.size() + " already done)", dir);
        }
        if (verbosity.verbose) System.out.println("engine logs in " + logs);
        List<CheckResult> results;
        try (CampaignProgress progress = new CampaignProgress(total, done.size(), verbosity)) {
            results = campaign.run(done, new Campaign.Listener() {
                @Override
                public void started(Campaign.Check check, int finished, int all) {
                    progress.started(check);
                }

                @Override
                public void startedTogether(Engine engine, List<CatalogueRow> batch, int finished, int all) {
                    progress.startedTogether(engine.name(), batch);
                }

                private long pagesWritten;

                @Override
                public void finished(Campaign.Check check, CheckResult result, List<CheckResult> all) {
                    progress.finished(result, all, total);
                    boolean pages = System.nanoTime() - pagesWritten >= PAGES_EVERY_NANOS;
                    if (pages) pagesWritten = System.nanoTime();
                    ReportWriter.write(dir, info.at(Duration.between(started, Instant.now()), false), rows, all, width,
                            r -> r == result, pages);
                }
            }, deadline);
        }
        CostTables.write(dir, rows.stream().map(row -> row.model().name()).distinct().toList());
        boolean complete = results.size() >= total;
        Duration took = Duration.between(started, Instant.now());
        ReportWriter.write(dir, info.at(took, complete), rows, results, width);
        if (!complete) {
            System.out.printf("%d checks not run; continue with %s campaign --resume %s%n", total - results.size(),
                    shootdown.report.ReplayPaths.launcher(), dir);
        }
        int status = results.stream().anyMatch(r -> r.verdict() == Verdict.ERROR) ? Main.COULD_NOT_RUN : Main.OK;
        if (checkReference) {
            List<VerdictDrift.Change> drift = VerdictDrift.between(referenceResults, results);
            if (!drift.isEmpty()) {
                System.out.println("verdicts changed against " + referenceDir() + ":");
                drift.forEach(change -> System.out.println("  " + change));
                status = DRIFT;
            } else if (!verbosity.quiet) {
                System.out.println("every verdict matches " + referenceDir());
            }
        }
        System.out.println(lastLine(results, rows.size(), complete, took, dir));
        return status;
    }

    /** e.g. "done in 1 min 52 s: 31 rows, 88 checks: 40 passed, 35 refuted, ...; report: /abs/summary.md". */
    private static String lastLine(List<CheckResult> results, int rows, boolean complete, Duration took, Path dir) {
        Map<Verdict, Integer> counts = new LinkedHashMap<>();
        for (Verdict v : List.of(Verdict.PASSED, Verdict.REFUTED, Verdict.INCONCLUSIVE, Verdict.SKIPPED, Verdict.ERROR)) {
            counts.put(v, 0);
        }
        for (CheckResult r : results) counts.merge(r.verdict(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> {
            if (n > 0 || v == Verdict.PASSED || v == Verdict.REFUTED) parts.add(n + " " + v.name().toLowerCase(Locale.ROOT));
        });
        return (complete ? "done" : "stopped (campaign budget spent)") + " in " + Durations.human(took) + ": " + rows
                + " row" + (rows == 1 ? "" : "s") + ", " + results.size() + " check" + (results.size() == 1 ? "" : "s")
                + ": " + String.join(", ", parts) + "; report: " + dir.resolve(ReportWriter.SUMMARY);
    }

    private void checkLimits() {
        Limits.atLeast("--check-budget", checkBudgetSeconds, 1);
        if (budgetSeconds != null) Limits.atLeast("--budget", budgetSeconds, 1);
        Limits.atLeast("--max-states", maxStates, 1);
        if (lincheckInvocations != null) Limits.atLeast("--lincheck-invocations", lincheckInvocations, 1);
        if (lincheckNoRaceInvocations != null) {
            Limits.atLeast("--lincheck-no-race-invocations", lincheckNoRaceInvocations, 1);
        }
        if (stressMillis != null) Limits.atLeast("--stress-millis", stressMillis, 1);
        Limits.width(width);
        if (force && resume != null) throw new IllegalArgumentException("--force replaces a report, --resume continues "
                + "one: give one of them");
        if (resume != null && out != null) {
            throw new IllegalArgumentException("--resume DIR already names the report directory; drop --out");
        }
    }

    private int lincheck() {
        return lincheckInvocations != null ? lincheckInvocations : thorough ? THOROUGH_LINCHECK : LINCHECK;
    }

    private int lincheckNoRace() {
        return lincheckNoRaceInvocations != null ? lincheckNoRaceInvocations
                : thorough ? THOROUGH_LINCHECK : LINCHECK_NO_RACE;
    }

    private long stressMillis() {
        return stressMillis != null ? stressMillis : thorough ? THOROUGH_STRESS_MILLIS : STRESS_MILLIS;
    }

    /** The options as given, without --resume and its directory (what campaign.json keeps). */
    private List<String> originalArgs() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        // The parse result holds the whole command line: what comes after this command's name.
        int self = all.indexOf(spec.name());
        List<String> given = new ArrayList<>(all.subList(self + 1, all.size()));
        for (int i = 0; i < given.size(); i++) {
            String arg = given.get(i);
            if (arg.equals("--resume") && i + 1 < given.size()) {
                given.remove(i + 1);
                given.remove(i--);
            } else if (arg.startsWith("--resume=")) {
                given.remove(i--);
            }
        }
        return given;
    }

    /**
     * A resumed campaign continues as it was started: its selection and settings are read back
     * from the report's campaign.json; options given now may change budgets and output, never
     * what is checked.
     */
    private List<String> readBack(List<String> now) {
        if (!Files.isDirectory(resume)) throw new IllegalArgumentException("nothing to resume: " + resume
                + " is not a directory");
        ResultsJson.readForResume(resume); // one clear line for a missing, empty or foreign results.json
        if (!Files.isRegularFile(resume.resolve(CampaignJson.FILE_NAME))) return now; // an older report: as given
        List<String> started = CampaignJson.read(resume).args();
        if (started == null) return now;
        ParseResult given = spec.commandLine().getParseResult();
        CampaignCommand original = new CampaignCommand();
        ParseResult then = new CommandLine(original).parseArgs(started.toArray(new String[0]));
        for (String option : SELECTION) {
            // Saying again what the campaign was started with is fine; asking for another selection is not.
            if (given.hasMatchedOption(option) && (!then.hasMatchedOption(option)
                    || !String.valueOf((Object) then.matchedOption(option).getValue())
                    .equals(String.valueOf((Object) given.matchedOption(option).getValue())))) {
                throw new IllegalArgumentException("--resume continues " + resume + " with the selection it was "
                        + "started with (" + String.join(" ", started) + "); drop " + option);
            }
        }
        only = original.only;
        models = original.models;
        engines = original.engines;
        flush = original.flush;
        catalogues = original.catalogues;
        noBuiltin = original.noBuiltin;
        variantFile = original.variantFile;
        base = original.base;
        scenario = original.scenario;
        layout = original.layout;
        documented = original.documented;
        if (!given.hasMatchedOption("--thorough")) thorough = original.thorough;
        if (!given.hasMatchedOption("--max-states")) maxStates = original.maxStates;
        if (!given.hasMatchedOption("--check-budget")) checkBudgetSeconds = original.checkBudgetSeconds;
        if (!given.hasMatchedOption("--lincheck-invocations")) lincheckInvocations = original.lincheckInvocations;
        if (!given.hasMatchedOption("--lincheck-no-race-invocations")) {
            lincheckNoRaceInvocations = original.lincheckNoRaceInvocations;
        }
        if (!given.hasMatchedOption("--stress-millis")) stressMillis = original.stressMillis;
        if (!given.hasMatchedOption("--width")) width = original.width;
        return started;
    }

    /** With {@code --flush}: the rows that do not name their flush on a machine that flushes so. */
    private List<CatalogueRow> flushing(List<CatalogueRow> rows) {
        if (flush == null) return rows;
        FlushMethod method = FlushMethod.parse(flush);
        return rows.stream().map(row -> row.flushingByDefault(method)).toList();
    }

    /** The built-in rows (unless --no-builtin), the user's catalogues' rows, and the --variant-file row. */
    private List<CatalogueRow> available() {
        List<CatalogueRow> rows = noBuiltin ? List.of() : Catalogue.rows();
        for (Path file : catalogues) rows = Selection.union(rows, CatalogueFile.read(file, Catalogue.rows()));
        if (variantFile != null) {
            if (models.size() != 1) throw new IllegalArgumentException("--variant-file needs --model M (one model)");
            if (scenario == null) throw new IllegalArgumentException("--variant-file needs --scenario \"CPU0: ... | CPU1: ...\"");
            Model model = Models.named(models.get(0));
            Variant variant = Questions.variant(model, null, variantFile, base);
            CatalogueRow row = new CatalogueRow(variant.name(), variant, Questions.scenario(model, scenario, layout),
                    null, Documented.parse(documented), Set.of(), "your variant file " + variantFile, "", "", null,
                    "--variant-file");
            rows = Selection.union(rows, List.of(row));
        } else if (scenario != null || base != null) {
            throw new IllegalArgumentException("--scenario and --base go with --variant-file (or use prove --scenario)");
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("--no-builtin leaves no row: add --catalogue FILE or "
                + "--variant-file FILE");
        return rows;
    }

    private Path referenceDir() {
        return reference != null ? reference : defaultReference();
    }

    private List<CheckResult> reference() {
        Path ledger = referenceDir().resolve(ResultsJson.FILE_NAME);
        if (!Files.isRegularFile(ledger)) throw new IllegalArgumentException("no reference ledger at " + ledger);
        return ResultsJson.readResults(referenceDir());
    }
}
