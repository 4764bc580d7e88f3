package shootdown.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import shootdown.campaign.Campaign;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Selection;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.engine.Engine;
import shootdown.engine.Engines;
import shootdown.report.CampaignInfo;
import shootdown.report.ReportWriter;

/** {@code shootdown campaign}: run the selected rows on the selected engines and write a report. */
@Command(name = "campaign", description = "Check catalogue rows with the exhaustive explorer, Lincheck and "
        + "jcstress, and write reports/<run>/ (summary.md, index.html, results.json, traces/). Exits 0 when every "
        + "check ran, whatever the verdicts; 1 when a check could not run; 2 on bad usage.")
final class CampaignCommand implements Callable<Integer> {
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

    @Option(names = "--check-budget", paramLabel = "SECONDS", defaultValue = "120",
            description = "Time budget of each check (default: ${DEFAULT-VALUE}).")
    long checkBudgetSeconds;

    @Option(names = "--max-states", defaultValue = "2000000",
            description = "Explorer: distinct states before INCONCLUSIVE (default: ${DEFAULT-VALUE}).")
    long maxStates;

    @Option(names = "--lincheck-invocations", defaultValue = "2000",
            description = "Lincheck: interleavings per row before INCONCLUSIVE (default: ${DEFAULT-VALUE}).")
    int lincheckInvocations;

    @Option(names = "--stress-mode", defaultValue = "quick",
            description = "jcstress mode: sanity, quick, default, tough (default: ${DEFAULT-VALUE}).")
    String stressMode;

    @Override
    public Integer call() {
        List<CatalogueRow> rows = Selection.rows(only, models);
        List<Engine> chosen = Engines.create(engines, new Engines.Settings(maxStates, lincheckInvocations, stressMode));
        Path dir = out != null ? out : Paths.get("reports", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Campaign campaign = new Campaign(rows, chosen, checkBudgetSeconds * 1000);
        Instant started = Instant.now();
        String commandLine = "./shootdown " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        List<String> engineNames = chosen.stream().map(Engine::name).toList();

        System.out.printf("shootdown campaign: %d rows, %d checks, report in %s%n", rows.size(), campaign.plan().size(), dir);
        List<CheckResult> results = campaign.run(List.of(), new Campaign.Listener() {
            @Override
            public void started(Campaign.Check check, int done, int total) {
                System.out.printf("[%d/%d] %-12s %-9s ...%n", done + 1, total, check.row().id(), check.engine().name());
            }

            @Override
            public void finished(Campaign.Check check, CheckResult result, List<CheckResult> all) {
                System.out.printf("       %-12s %-9s %-12s %s%n", result.id(), result.engine(), result.verdict(),
                        result.error() != null ? result.error() : result.bound());
                ReportWriter.write(dir, new CampaignInfo(dir.getFileName().toString(), started,
                        Duration.between(started, Instant.now()), engineNames, commandLine, false), rows, all);
            }
        });
        ReportWriter.write(dir, new CampaignInfo(dir.getFileName().toString(), started,
                Duration.between(started, Instant.now()), engineNames, commandLine, true), rows, results);
        long errors = results.stream().filter(r -> r.verdict() == Verdict.ERROR).count();
        System.out.printf("done in %s: %s%n", Duration.between(started, Instant.now()).withNanos(0),
                dir.resolve(ReportWriter.SUMMARY));
        return errors == 0 ? 0 : 1;
    }
}
