package shootdown.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Selection;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.model.Models;
import shootdown.model.snp.RmpBench;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.Prover;

/**
 * {@code shootdown bench}: measured speed, as medians over repetitions (these machines are
 * noisy). {@code rmp}: concurrent rmp_make_private() per direct-map strategy at 1 and 2
 * threads. {@code prove}: time to prove CPA-4 and to refute CPA-3 as the bound grows.
 */
@Command(name = "bench", description = "Benchmarks, reported as medians: 'explore' (explorer time per catalogue "
        + "row), 'rmp' (rmp_make_private() throughput per SNP strategy at 1 and 2 threads) or 'prove' (proof and "
        + "refutation time by bound).")
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

    @Override
    public Integer call() {
        switch (what) {
            case "explore" -> explore();
            case "rmp" -> rmp();
            case "prove" -> prove();
            default -> throw new IllegalArgumentException("unknown benchmark '" + what + "'; known: explore, rmp, prove");
        }
        return 0;
    }

    /** Time to the first counterexample (refuted rows) or to exhaustion (passed rows), per row. */
    private void explore() {
        System.out.printf("%-16s %-12s %11s %9s %12s %12s%n", "row", "verdict", "executions", "states", "median ms",
                "min-max ms");
        for (CatalogueRow row : Selection.rows(List.of(), models)) {
            List<Long> times = new ArrayList<>();
            Exploration last = null;
            for (int i = 0; i < reps; i++) {
                last = new Explorer(row.model(), row.variant(), row.scenario()).explore(Budget.DEFAULT);
                times.add(last.refuted() ? last.millisToCounterexample() : last.millis());
            }
            Collections.sort(times);
            String verdict = last.refuted() ? "REFUTED" : last.exhausted() ? "PASSED" : "INCONCLUSIVE";
            System.out.printf("%-16s %-12s %11d %9d %12d %5d-%-6d%n", row.id(), verdict, last.executions(),
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
                "executions", "states", "median ms");
        int[][] bounds = {{2, 1}, {3, 1}, {4, 1}, {2, 2}, {2, 3}, {3, 2}};
        for (int[] b : bounds) {
            measure("refute CPA-3 (no cpa_lock)", "no-cpa-lock", null, new Bound(b[0], b[1]));
            measure("prove CPA-4 (mainline)", "mainline", null, new Bound(b[0], b[1]));
        }
        measure("certificate CPA-4 vs CPA-3", "no-cpa-lock", "mainline", new Bound(2, 1));
    }

    private void measure(String label, String variant, String locked, Bound bound) {
        List<Long> times = new ArrayList<>();
        ProofResult last = null;
        for (int i = 0; i < reps; i++) {
            Prover prover = new Prover(Models.named("cpa"), bound, new Budget(5_000_000, budgetSeconds * 1000));
            last = locked == null ? prover.prove(variant) : prover.compare(locked, variant);
            times.add(last.millis());
            if (last.status() == ProofResult.Status.INCONCLUSIVE) break; // the budget is the figure
        }
        Collections.sort(times);
        System.out.printf("%-34s %-10s %-12s %4d/%-4d %12d %10d %12d%n", label, bound.cpus() + "x" + bound.opsPerCpu(),
                last.status(), last.scenariosExplored(), last.scenarios(), last.executions(), last.states(),
                times.get(times.size() / 2));
    }
}
