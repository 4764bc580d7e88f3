package shootdown.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Selection;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.campaign.Models;
import shootdown.model.snp.RmpBench;
import shootdown.prove.Bound;
import shootdown.model.Model;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofSpace;
import shootdown.prove.Prover;

/**
 * {@code shootdown bench}: measured speed, as medians over repetitions (these machines are
 * noisy). {@code rmp}: concurrent rmp_make_private() per direct-map strategy at 1 and 2
 * threads. {@code prove}: time to prove CPA-4 and to refute CPA-3 as the bound grows.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks, reported as medians: 'explore' (explorer time per catalogue row), 'rmp' "
                + "(rmp_make_private() throughput per SNP strategy at 1 and 2 threads) or 'prove' (proof and "
                + "refutation time by bound). Exit status: 0, 2 on bad usage.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WHAT", description = "explore, rmp or prove")
    String what;

    @Option(names = "--model", split = ",", description = "explore: models to measure (default: all).")
    List<String> models = List.of();

    @Option(names = "--reps", defaultValue = "5", description = "Repetitions (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--millis", defaultValue = "1000", description = "rmp: length of one repetition (default: ${DEFAULT-VALUE}).")
    long millis;

    @Option(names = "--budget", defaultValue = "60", description = "prove: budget per proof in seconds (default: ${DEFAULT-VALUE}).")
    long budgetSeconds;

    @Option(names = "--no-reduction", description = "prove: explore without partial-order reduction, for comparison.")
    boolean noReduction;

    @Option(names = "--threads", paramLabel = "N", description = "prove: search threads (default: every core).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--bounds", split = ",", paramLabel = "NxK",
            description = "prove: bounds to measure, CPUs x operations (default: 2x1,3x1,4x1,2x2,2x3,3x2).")
    List<String> bounds = List.of("2x1", "3x1", "4x1", "2x2", "2x3", "3x2");

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        verbosity.check();
        Limits.atLeast("--reps", reps, 1);
        Limits.atLeast("--millis", millis, 1);
        Limits.atLeast("--budget", budgetSeconds, 1);
        switch (what.toLowerCase(java.util.Locale.ROOT)) {
            case "explore" -> explore();
            case "rmp" -> rmp();
            case "prove" -> prove();
            default -> throw new IllegalArgumentException("unknown benchmark '" + what + "'; known: explore, rmp, prove");
        }
        return 0;
    }

    /** Time to the first counterexample (refuted rows) or to exhaustion (passed rows), per row. */
    private void explore() {
        System.out.printf("%-16s %-12s %11s %9s %12s %12s%n", "row", "verdict", "transitions", "states", "median ms",
                "min-max ms");
        for (CatalogueRow row : Selection.rows(List.of(), models)) {
            if (row.isProof()) continue;
            List<Long> times = new ArrayList<>();
            Exploration last = null;
            for (int i = 0; i < reps; i++) {
                last = new Explorer(row.variant(), row.scenario()).explore(Budget.DEFAULT);
                times.add(last.refuted() ? last.millisToCounterexample() : last.millis());
            }
            Collections.sort(times);
            String verdict = last.refuted() ? "REFUTED" : last.exhausted() ? "PASSED" : "INCONCLUSIVE";
            System.out.printf("%-16s %-12s %11d %9d %12d %5d-%-6d%n", row.id(), verdict, last.transitions(),
                    last.states(), times.get(times.size() / 2), times.get(0), times.get(times.size() - 1));
        }
    }

    private void rmp() {
        System.out.printf("%-24s %7s %16s %14s %12s%n", "strategy", "threads", "median ops/s", "retries/1000", "cpa_lock/op");
        for (RmpBench.Row row : RmpBench.run(shootdown.model.snp.SnpCost.variants(), reps, millis)) {
            System.out.printf("%-24s %7d %,16.0f %14.2f %12.2f%n", row.variant(), row.threads(), row.opsPerSecond(),
                    row.retriesPer1000(), row.cpaLockPerOp());
        }
    }

    private void prove() {
        System.out.printf("%-34s %-10s %-12s %9s %12s %10s %12s%n", "check", "bound", "answer", "scenarios",
                "transitions", "states", "median ms");
        for (String text : bounds) {
            Bound bound = parseBound(text);
            measure("refute CPA-3 (no cpa_lock)", "no-cpa-lock", null, bound);
            measure("prove CPA-4 (mainline)", "mainline", null, bound);
        }
        measure("certificate CPA-4 vs CPA-3", "no-cpa-lock", "mainline", new Bound(2, 1));
    }

    private static Bound parseBound(String text) {
        String[] parts = text.split("x");
        try {
            if (parts.length == 2) return new Bound(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad bound '" + text + "': write CPUSxOPS, e.g. 3x2");
    }

    private void measure(String label, String variant, String locked, Bound bound) {
        List<Long> times = new ArrayList<>();
        ProofResult last = null;
        Model cpa = Models.named("cpa");
        for (int i = 0; i < reps; i++) {
            Prover prover = new Prover(ProofSpace.of(cpa, bound), new Budget(Long.MAX_VALUE, budgetSeconds * 1000).withThreads(threads),
                    !noReduction);
            last = locked == null ? prover.prove(cpa.variant(variant))
                    : prover.compare(cpa.variant(locked), cpa.variant(variant));
            times.add(last.millis());
            if (last.status() == ProofResult.Status.INCONCLUSIVE) break; // the budget is the figure
        }
        Collections.sort(times);
        System.out.printf("%-34s %-10s %-12s %4d/%-4d %12d %10d %12d%n", label, bound.cpus() + "x" + bound.opsPerCpu(),
                last.status(), last.scenariosExplored(), last.scenarios(), last.transitions(), last.states(),
                times.get(times.size() / 2));
    }
}
