package shootdown.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
import shootdown.machine.FlushMethod;
import shootdown.model.Model;
import shootdown.model.Variant;
import shootdown.report.CampaignInfo;
import shootdown.report.CostTables;
import shootdown.report.ReportWriter;
import shootdown.report.ResultsJson;

/** {@code shootdown campaign}: run the selected rows on the selected engines and write a report. */
@Command(name = "campaign", description = "Check catalogue rows with the exhaustive explorer, Lincheck and "
        + "jcstress, and write reports/<run>/ (summary.md, index.html, results.json, traces/) as each check "
        + "finishes. Exits 0 when every check ran, whatever the verdicts; 1 when a check could not run; 2 on bad "
        + "usage; 4 when --check-reference finds a verdict that changed.")
final class CampaignCommand implements Callable<Integer> {
    /** The committed ledger, found from the project home the launcher passes (or the working directory). */
    static Path defaultReference() {
        return Paths.get(System.getProperty("shootdown.home", "."), "reports", "reference");
    }

    private Path referenceDir() {
        return reference != null ? reference : defaultReference();
    }
    static final int DRIFT = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Catalogue ids to run (default: all).")
    List<String> only = List.of();

    @Option(names = "--model", split = ",", paramLabel = "MODEL", description = "Models to run (default: all).")
    List<String> models = List.of();

    @Option(names = "--engine", split = ",", paramLabel = "ENGINE", defaultValue = "explorer,lincheck,jcstress",
            description = "Engines: explorer, lincheck, jcstress (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: reports/<date-time>).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the campaign whose report is in DIR: finished checks are kept, the rest run.")
    Path resume;

    @Option(names = "--check-budget", paramLabel = "SECONDS", defaultValue = "120",
            description = "Time budget of each check (default: ${DEFAULT-VALUE}).")
    long checkBudgetSeconds;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "0",
            description = "Time budget of the whole campaign; checks not started by then are left for --resume "
                    + "(default: none).")
    long budgetSeconds;

    @Option(names = "--max-states", defaultValue = "2000000",
            description = "Explorer: distinct states before INCONCLUSIVE (default: ${DEFAULT-VALUE}).")
    long maxStates;

    @Option(names = "--lincheck-invocations", defaultValue = "1000",
            description = "Lincheck: interleavings per row before INCONCLUSIVE (default: ${DEFAULT-VALUE}).")
    int lincheckInvocations;

    @Option(names = "--stress-mode", defaultValue = "quick",
            description = "jcstress mode: sanity, quick, default, tough (default: ${DEFAULT-VALUE}).")
    String stressMode;

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

    @Override
    public Integer call() {
        List<CatalogueRow> rows = flushing(Selection.rows(available(), only, variantFile != null ? List.of() : models));
        List<Engine> chosen = Engines.create(engines, new Engines.Settings(maxStates, lincheckInvocations, stressMode));
        if (resume != null && out != null) throw new IllegalArgumentException("--resume DIR already names the report directory; drop --out");
        if (resume != null && !Files.isRegularFile(resume.resolve(ResultsJson.FILE_NAME))) {
            throw new IllegalArgumentException("nothing to resume in " + resume + ": no " + ResultsJson.FILE_NAME);
        }
        Path dir = resume != null ? resume : out != null ? out : Paths.get("reports",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<CheckResult> done = resume != null ? ResultsJson.readResults(resume) : List.of();
        List<CheckResult> reference = checkReference ? reference() : List.of();

        Campaign campaign = new Campaign(rows, chosen, checkBudgetSeconds * 1000);
        Instant started = Instant.now();
        String commandLine = "./shootdown " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        List<String> engineNames = chosen.stream().map(Engine::name).toList();
        CampaignInfo info = new CampaignInfo(dir.getFileName().toString(), started, Duration.ZERO, engineNames,
                commandLine, false);
        long deadline = budgetSeconds > 0 ? System.currentTimeMillis() + budgetSeconds * 1000 : Long.MAX_VALUE;

        System.out.printf("shootdown campaign: %d rows, %d checks%s, report in %s%n", rows.size(),
                campaign.plan().size(), done.isEmpty() ? "" : " (" + done.size() + " already done)", dir);
        List<CheckResult> results;
        try (CampaignProgress progress = new CampaignProgress(campaign.plan().size(), done.size())) {
            results = campaign.run(done, new Campaign.Listener() {
                @Override
                public void started(Campaign.Check check, int finished, int total) {
                    progress.started(check);
                }

                @Override
                public void finished(Campaign.Check check, CheckResult result, List<CheckResult> all) {
                    progress.finished(result, all);
                    ReportWriter.write(dir, info.at(Duration.between(started, Instant.now()), false), rows, all);
                }
            }, deadline);
        }
        CostTables.write(dir, rows.stream().map(row -> row.model().name()).distinct().toList());
        boolean complete = results.size() >= campaign.plan().size();
        ReportWriter.write(dir, info.at(Duration.between(started, Instant.now()), complete), rows, results);
        System.out.printf("%s in %s: %s%n", complete ? "done" : "stopped (campaign budget spent)",
                Duration.between(started, Instant.now()).withNanos(0), dir.resolve(ReportWriter.SUMMARY));
        if (!complete) {
            System.out.printf("%d checks not run; continue with ./shootdown campaign --resume %s%n",
                    campaign.plan().size() - results.size(), dir);
        }
        if (checkReference) {
            List<VerdictDrift.Change> drift = VerdictDrift.between(reference, results);
            if (!drift.isEmpty()) {
                System.out.println("verdicts changed against " + referenceDir() + ":");
                drift.forEach(change -> System.out.println("  " + change));
                return DRIFT;
            }
            System.out.println("every verdict matches " + referenceDir());
        }
        return results.stream().anyMatch(r -> r.verdict() == Verdict.ERROR) ? 1 : 0;
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
        return rows;
    }

    private List<CheckResult> reference() {
        Path ledger = referenceDir().resolve(ResultsJson.FILE_NAME);
        if (!Files.isRegularFile(ledger)) throw new IllegalArgumentException("no reference ledger at " + ledger);
        return ResultsJson.readResults(referenceDir());
    }
}
