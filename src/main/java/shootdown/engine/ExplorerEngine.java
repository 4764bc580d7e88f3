package shootdown.engine;

import java.util.List;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.explore.Budget;
import shootdown.explore.Counterexample;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofSpace;
import shootdown.prove.Prover;

/**
 * The exhaustive explorer on a row's scenario, or on every scenario of a proof row's bound:
 * PASSED only when every reachable state was explored.
 */
public final class ExplorerEngine implements Engine {
    /** Time the breadth-first search for a shorter counterexample may take. */
    private static final long SHORTEST_MILLIS = 10_000;

    private final long maxStates;

    public ExplorerEngine(long maxStates) {
        this.maxStates = maxStates;
    }

    @Override
    public String name() {
        return "explorer";
    }

    @Override
    public CheckResult check(CatalogueRow row, long budgetMillis) {
        long start = System.nanoTime();
        try {
            return row.isProof() ? prove(row, budgetMillis) : explore(row, budgetMillis);
        } catch (RuntimeException e) {
            return CheckResult.error(row.id(), name(), (System.nanoTime() - start) / 1_000_000,
                    "explorer failed: " + e);
        }
    }

    private CheckResult explore(CatalogueRow row, long budgetMillis) {
        Explorer explorer = new Explorer(row.variant(), row.scenario());
        Exploration e = explorer.explore(new Budget(maxStates, budgetMillis));
        String bound = row.scenario().cpus() + " CPUs, " + plural(row.scenario().operations(), "operation") + ", "
                + "flush " + row.scenario().flush() + ", "
                + plural(e.transitions(), "transition") + ", " + plural(e.states(), "distinct state") + ", "
                + (e.exhausted() ? "exhausted" : e.refuted() ? "stopped at the first counterexample" : e.stopReason())
                + (e.note() == null ? "" : "; " + e.note());
        if (e.refuted()) {
            // Report the shortest counterexample: it is the one a reviewer can follow.
            long left = Math.max(1_000, Math.min(SHORTEST_MILLIS, budgetMillis - e.millis()));
            Counterexample c = explorer.shortest(e.counterexample(), new Budget(maxStates, left));
            return new CheckResult(row.id(), name(), Verdict.REFUTED, false, e.transitions(), e.states(), e.millis(),
                    e.millisToCounterexample(), c.hazard(), c.trace(), c.schedule(), null, 0, 0, bound, null);
        }
        Verdict verdict = e.exhausted() ? Verdict.PASSED : Verdict.INCONCLUSIVE;
        return new CheckResult(row.id(), name(), verdict, e.exhausted(), e.transitions(), e.states(), e.millis(), -1,
                null, List.of(), List.of(), null, 0, 0, bound, null);
    }

    private CheckResult prove(CatalogueRow row, long budgetMillis) {
        CatalogueRow.Proof p = row.proof();
        ProofSpace space = new ProofSpace(row.model(), p.alphabet(), p.layout(), new Bound(p.cpus(), p.opsPerCpu()))
                .flushing(p.flush());
        ProofResult r = new Prover(space, new Budget(maxStates, budgetMillis).withThreads(Runtime.getRuntime().availableProcessors())).prove(row.variant());
        String bound = "proof: " + space.bound() + " from " + p.alphabet() + ", flush " + p.flush() + ", "
                + r.scenariosExplored() + " of "
                + r.scenarios() + " scenarios exhausted, " + plural(r.transitions(), "transition") + ", "
                + plural(r.states(), "distinct state") + ", " + r.stopReason()
                + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes()));
        return switch (r.status()) {
            case PROVED -> new CheckResult(row.id(), name(), Verdict.PASSED, true, r.transitions(), r.states(),
                    r.millis(), -1, null, List.of(), List.of(), null, 0, 0, bound, null);
            case INCONCLUSIVE -> new CheckResult(row.id(), name(), Verdict.INCONCLUSIVE, false, r.transitions(),
                    r.states(), r.millis(), -1, null, List.of(), List.of(), null, 0, 0, bound, null);
            case REFUTED -> new CheckResult(row.id(), name(), Verdict.REFUTED, false, r.transitions(), r.states(),
                    r.millis(), r.millis(), r.counterexample().hazard(), r.counterexample().trace(),
                    r.counterexample().schedule(), null, 0, 0, bound, null, r.witnessScenario());
        };
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
