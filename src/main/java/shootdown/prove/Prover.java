package shootdown.prove;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import shootdown.explore.BoundSearch;
import shootdown.explore.Budget;
import shootdown.explore.Counterexample;
import shootdown.explore.Exploration;
import shootdown.explore.Progress;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.model.Model;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * Bounded proofs: every scenario within the bound, every interleaving of each. The answer is
 * PROVED only when every scenario was exhausted; a budget that runs out first gives
 * INCONCLUSIVE with the coverage reached.
 */
public final class Prover {
    private final Model model;
    private final ProofSpace space;
    private final Bound bound;
    private final Budget budget;
    private final boolean reduce;
    private final int workers;
    private Progress progress = Progress.NONE;
    private long progressEveryMillis;
    private BoundSearcher searcher = BoundSearcher.LOCAL;

    public Prover(ProofSpace space, Budget budget) {
        this(space, budget, true);
    }

    /** With {@code reduce} false, every interleaving of every scenario is explored (no partial-order reduction). */
    public Prover(ProofSpace space, Budget budget, boolean reduce) {
        this.model = space.model();
        this.space = space;
        this.bound = space.bound();
        this.budget = budget;
        this.reduce = reduce;
        this.workers = Math.max(1, budget.threads());
    }

    /** Reports how far a one-search proof got every {@code everyMillis} (scenario-by-scenario checks are short). */
    public Prover reportingTo(Progress sink, long everyMillis) {
        this.progress = sink;
        this.progressEveryMillis = everyMillis;
        return this;
    }

    /** Runs one-search proofs on {@code other} (a cluster) instead of this machine. */
    public Prover searchingWith(BoundSearcher other) {
        this.searcher = other;
        return this;
    }

    /**
     * No variant breaks an invariant in any scenario within the bound? One search covers every
     * scenario; where the variant's CPUs are interchangeable, it takes states that differ only by
     * which CPU is which as one. If it finds a violation, the scenario-by-scenario check names the
     * first scenario that breaks and its shortest trace.
     */
    public ProofResult prove(Variant variant) {
        boolean symmetric = model.cpusInterchangeable(variant, space.layout());
        Tally tally = new Tally(symmetric);
        if (space.only() != null) return proveScenarioByScenario(variant, tally, null);
        BoundSearch.Result all = searcher.search(variant, space.alphabet(), space.layout(), bound.cpus(),
                bound.opsPerCpu(), space.counted(), space.flush(), budget, reduce, progress, progressEveryMillis);
        tally.add(all.transitions(), all.states());
        tally.tableBytes = all.tableBytes();
        tally.note(all.note());
        if (all.exhausted()) {
            tally.explored = tally.scenarios.size();
            tally.oneSearch = true;
            return tally.result(ProofResult.Status.PROVED, variant, null, null, null, null, null, null, "exhausted");
        }
        if (all.violation() == null) {
            tally.oneSearch = true;
            return tally.inconclusive(variant, null, all.stopReason());
        }
        return proveScenarioByScenario(variant, tally, all.violation());
    }

    /** Each scenario on its own; {@code inBound} is what the search over the bound found (null if none ran). */
    private ProofResult proveScenarioByScenario(Variant variant, Tally tally, Hazard inBound) {
        Scenarios.Found<Counterexample> found = tally.each(scenario -> {
            Explorer explorer = new Explorer(variant, scenario, reduce);
            Exploration e = explorer.explore(tally.budgetLeft());
            tally.add(e);
            if (e.refuted()) return Scenarios.Verdict.fail(e.counterexample());
            return e.exhausted() ? Scenarios.Verdict.pass() : Scenarios.Verdict.stop(e.stopReason());
        });
        if (found.failure() != null) {
            Scenario scenario = found.scenario();
            Counterexample shortest = new Explorer(variant, scenario, reduce).shortest(found.failure(),
                    new Budget(budget.maxStates(), Math.max(1_000, tally.left()), budget.maxBytes(), 1, budget.stop()));
            return tally.result(ProofResult.Status.REFUTED, variant, null, scenario, shortest, null, null, null,
                    "counterexample");
        }
        if (found.stopReason() != null) return tally.inconclusive(variant, null, found.stopReason());
        if (inBound != null) {
            return tally.inconclusive(variant, null, "the search over the bound found " + inBound.kind()
                    + " but no scenario checked alone breaks: the two searches disagree");
        }
        return tally.result(ProofResult.Status.PROVED, variant, null, null, null, null, null, null, "exhausted");
    }

    /** What only the unlocked variant reaches in one scenario: a hazard, or an outcome with its schedule. */
    private record Difference(Counterexample counterexample, String outcome, List<Integer> schedule) {
    }

    /**
     * The lock-removal certificate: {@code unlocked} is accepted only if, in every scenario, it
     * breaks no invariant and every final outcome it reaches, the locked variant reaches too.
     */
    public ProofResult compare(Variant locked, Variant unlocked) {
        Tally tally = new Tally(model.cpusInterchangeable(locked, space.layout())
                && model.cpusInterchangeable(unlocked, space.layout()));
        Scenarios.Found<Difference> found = tally.each(scenario -> {
            Exploration withLock = new Explorer(locked, scenario, reduce).exploreOutcomes(tally.budgetLeft());
            tally.add(withLock);
            if (withLock.refuted()) {
                throw new IllegalArgumentException("the locked variant " + locked + " itself breaks an invariant ("
                        + withLock.counterexample().hazard() + "): it cannot serve as the reference");
            }
            if (!withLock.exhausted()) return Scenarios.Verdict.stop(withLock.stopReason());
            Exploration without = new Explorer(unlocked, scenario, reduce).exploreOutcomes(tally.budgetLeft());
            tally.add(without);
            if (without.refuted()) return Scenarios.Verdict.fail(new Difference(without.counterexample(), null, null));
            if (!without.exhausted()) return Scenarios.Verdict.stop(without.stopReason());
            Set<String> extra = new TreeSet<>(without.outcomes().keySet());
            extra.removeAll(withLock.outcomes().keySet());
            if (extra.isEmpty()) return Scenarios.Verdict.pass();
            String outcome = extra.iterator().next();
            return Scenarios.Verdict.fail(new Difference(null, outcome, without.outcomes().get(outcome)));
        });
        if (found.failure() != null) {
            Scenario scenario = found.scenario();
            Explorer explorer = new Explorer(unlocked, scenario, reduce);
            Difference d = found.failure();
            if (d.counterexample() != null) {
                Counterexample shortest = explorer.shortest(d.counterexample(), tally.budgetLeft());
                return tally.result(ProofResult.Status.REFUTED, unlocked, locked, scenario, shortest, null, null, null,
                        "counterexample");
            }
            return tally.result(ProofResult.Status.REFUTED, unlocked, locked, scenario, null, d.outcome(),
                    explorer.replayClean(d.schedule()).trace(), d.schedule(), "outcome the locked variant never reaches");
        }
        if (found.stopReason() != null) return tally.inconclusive(unlocked, locked, found.stopReason());
        return tally.result(ProofResult.Status.PROVED, unlocked, locked, null, null, null, null, null, "exhausted");
    }

    /** What has been covered so far, and the clock. */
    private final class Tally {
        final List<Scenario> scenarios;
        final boolean interchangeable;
        final long deadline = System.currentTimeMillis() + budget.millis();
        final long start = System.currentTimeMillis();
        int explored;
        boolean oneSearch;
        long transitions;
        long states;
        long tableBytes;
        final List<String> notes = new java.util.ArrayList<>();

        /** With CPUs not {@code interchangeable}, every assignment of operations to numbered CPUs is a scenario. */
        Tally(boolean interchangeable) {
            this.interchangeable = interchangeable;
            this.scenarios = ScenarioSpace.enumerate(space, interchangeable);
        }

        /** Checks every scenario (on every core), counting those that pass; stops at the first failure in order. */
        <F> Scenarios.Found<F> each(java.util.function.Function<Scenario, Scenarios.Verdict<F>> check) {
            Scenarios.Found<F> found = Scenarios.check(scenarios, workers, this::left, check);
            explored = found.passed();
            return found;
        }

        long left() {
            return deadline - System.currentTimeMillis();
        }

        /** What one scenario's search may spend: the time left, on one thread (the scenarios share the cores). */
        Budget budgetLeft() {
            return new Budget(budget.maxStates(), Math.max(1, left()), budget.maxBytes() / workers, 1, budget.stop());
        }

        synchronized void add(Exploration e) {
            add(e.transitions(), e.states());
            note(e.note());
        }

        synchronized void note(String text) {
            if (text != null && !notes.contains(text)) notes.add(text);
        }

        synchronized void add(long moreTransitions, long moreStates) {
            transitions += moreTransitions;
            states += moreStates;
        }

        /** The assumptions name the model's proof layout; a bound on another says which. */
        private String otherLayout() {
            if (space.layout().equals(model.proveLayout())) return "";
            String described = model.layouts().stream().filter(l -> l.name().equals(space.layout()))
                    .map(l -> ": " + l.description()).findFirst().orElse("");
            return "; except the boot layout, which is " + space.layout() + described;
        }

        ProofResult inconclusive(Variant variant, Variant locked, String why) {
            return result(ProofResult.Status.INCONCLUSIVE, variant, locked, null, null, null, null, null, why);
        }

        ProofResult result(ProofResult.Status status, Variant variant, Variant locked, Scenario witness,
                           Counterexample counterexample, String onlyUnlocked,
                           List<shootdown.machine.TraceEvent> trace, List<Integer> schedule, String why) {
            return new ProofResult(status, space, variant, locked, scenarios.size(),
                    ScenarioSpace.naiveCount(space), explored, transitions, states,
                    System.currentTimeMillis() - start, reduce, witness, counterexample, onlyUnlocked, trace, schedule, why,
                    space.only() == null ? model.proveAssumptions() + otherLayout() : "the one scenario given, from boot layout "
                            + space.layout() + "; TLBs and paging-structure caches fill at any moment (union "
                            + "semantics), IPIs and INVLPGB landings in any order",
                    oneSearch, interchangeable, List.copyOf(notes), tableBytes);
        }
    }
}
