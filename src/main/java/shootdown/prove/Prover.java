package shootdown.prove;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import shootdown.explore.Budget;
import shootdown.explore.Counterexample;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.model.Model;
import shootdown.model.Scenario;

/**
 * Bounded proofs: every scenario within the bound, every interleaving of each. The answer is
 * PROVED only when every scenario was exhausted; a budget that runs out first gives
 * INCONCLUSIVE with the coverage reached.
 */
public final class Prover {
    private final Model model;
    private final Bound bound;
    private final Budget budget;
    private final boolean reduce;

    public Prover(Model model, Bound bound, Budget budget) {
        this(model, bound, budget, true);
    }

    /** With {@code reduce} false, every interleaving of every scenario is explored (no partial-order reduction). */
    public Prover(Model model, Bound bound, Budget budget, boolean reduce) {
        this.model = model;
        this.bound = bound;
        this.budget = budget;
        this.reduce = reduce;
    }

    /** No variant breaks an invariant in any scenario within the bound? */
    public ProofResult prove(String variant) {
        Tally tally = new Tally();
        for (Scenario scenario : tally.scenarios) {
            long left = tally.left();
            if (left <= 0) return tally.inconclusive(variant, null, "time budget spent");
            Explorer explorer = new Explorer(model, variant, scenario, reduce);
            Exploration e = explorer.explore(new Budget(budget.maxStates(), left));
            tally.add(e);
            if (e.refuted()) {
                Counterexample shortest = explorer.shortest(e.counterexample(), new Budget(budget.maxStates(),
                        Math.max(1_000, tally.left())));
                return tally.result(ProofResult.Status.REFUTED, variant, null, scenario, shortest, null, null, null,
                        "counterexample");
            }
            if (!e.exhausted()) return tally.inconclusive(variant, null, e.stopReason());
            tally.explored++;
        }
        return tally.result(ProofResult.Status.PROVED, variant, null, null, null, null, null, null, "exhausted");
    }

    /**
     * The lock-removal certificate: {@code unlocked} is accepted only if, in every scenario, it
     * breaks no invariant and every final outcome it reaches, the locked variant reaches too.
     */
    public ProofResult compare(String locked, String unlocked) {
        Tally tally = new Tally();
        for (Scenario scenario : tally.scenarios) {
            if (tally.left() <= 0) return tally.inconclusive(unlocked, locked, "time budget spent");
            Exploration withLock = new Explorer(model, locked, scenario, reduce).exploreOutcomes(tally.budgetLeft());
            tally.add(withLock);
            if (withLock.refuted()) {
                throw new IllegalArgumentException("the locked variant " + locked + " itself breaks an invariant ("
                        + withLock.counterexample().hazard() + "): it cannot serve as the reference");
            }
            if (!withLock.exhausted()) return tally.inconclusive(unlocked, locked, withLock.stopReason());

            Explorer explorer = new Explorer(model, unlocked, scenario, reduce);
            Exploration without = explorer.exploreOutcomes(tally.budgetLeft());
            tally.add(without);
            if (without.refuted()) {
                Counterexample shortest = explorer.shortest(without.counterexample(), tally.budgetLeft());
                return tally.result(ProofResult.Status.REFUTED, unlocked, locked, scenario, shortest, null, null, null,
                        "counterexample");
            }
            if (!without.exhausted()) return tally.inconclusive(unlocked, locked, without.stopReason());
            Set<String> extra = new TreeSet<>(without.outcomes().keySet());
            extra.removeAll(withLock.outcomes().keySet());
            if (!extra.isEmpty()) {
                String outcome = extra.iterator().next();
                List<Integer> schedule = without.outcomes().get(outcome);
                return tally.result(ProofResult.Status.REFUTED, unlocked, locked, scenario, null, outcome,
                        explorer.replayClean(schedule).trace(), schedule, "outcome the locked variant never reaches");
            }
            tally.explored++;
        }
        return tally.result(ProofResult.Status.PROVED, unlocked, locked, null, null, null, null, null, "exhausted");
    }

    /** What has been covered so far, and the clock. */
    private final class Tally {
        final List<Scenario> scenarios = ScenarioSpace.enumerate(model, bound);
        final long deadline = System.currentTimeMillis() + budget.millis();
        final long start = System.currentTimeMillis();
        int explored;
        long executions;
        long states;

        long left() {
            return deadline - System.currentTimeMillis();
        }

        Budget budgetLeft() {
            return new Budget(budget.maxStates(), Math.max(1, left()));
        }

        void add(Exploration e) {
            executions += e.executions();
            states += e.states();
        }

        ProofResult inconclusive(String variant, String locked, String why) {
            return result(ProofResult.Status.INCONCLUSIVE, variant, locked, null, null, null, null, null, why);
        }

        ProofResult result(ProofResult.Status status, String variant, String locked, Scenario witness,
                           Counterexample counterexample, String onlyUnlocked,
                           List<shootdown.machine.TraceEvent> trace, List<Integer> schedule, String why) {
            return new ProofResult(status, model.name(), variant, locked, bound, scenarios.size(),
                    ScenarioSpace.naiveCount(model, bound), explored, executions, states,
                    System.currentTimeMillis() - start, reduce, witness, counterexample, onlyUnlocked, trace, schedule, why,
                    model.proveAssumptions());
        }
    }
}
