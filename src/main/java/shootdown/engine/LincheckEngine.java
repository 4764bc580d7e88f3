package shootdown.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import kotlin.jvm.functions.Function1;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.util.LoggingLevel;
import java.nio.file.Path;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Documented;
import shootdown.campaign.Verdict;
import shootdown.explore.Counterexample;
import shootdown.explore.Explorer;
import shootdown.machine.HazardException;
import shootdown.model.Scenario;

/**
 * Lincheck's model checker on a row's scenario: one Lincheck thread per CPU, one actor per
 * operation, the final-state check in the verifier. The machine's steps are atomic for
 * Lincheck (guarantee on shootdown.machine), so it switches threads only between steps.
 * Lincheck has no "tree exhausted" signal: fewer verifier calls than the invocation budget
 * means it ran out of interleavings before the budget, i.e. the tree was exhausted.
 */
public final class LincheckEngine implements Engine {
    /** The machine's steps, and the record of their order that runs inside each (StepOrder). */
    private static final Function1<String, Boolean> MACHINE_STEPS =
            name -> (name.startsWith("shootdown.machine.") && !name.equals("shootdown.machine.Cpu"))
                    || name.startsWith("shootdown.engine.StepOrder");

    private final int invocations;
    private final int noRaceInvocations;
    private final Path logDir;

    /** The same budget on every row, the log kept nowhere. */
    public LincheckEngine(int invocations) {
        this(invocations, invocations, null);
    }

    /**
     * @param invocations       interleavings on a row whose kernel history documents a race (racy, buggy):
     *                          a refutation is expected there, and Lincheck's is an independent witness
     * @param noRaceInvocations interleavings on the other rows (safe, open): Lincheck's tree exhausts on none
     *                          of them, so a long search there ends INCONCLUSIVE anyway
     * @param logDir            where Lincheck's own log is copied after each check, or null
     */
    public LincheckEngine(int invocations, int noRaceInvocations, Path logDir) {
        checkBudgets(invocations, noRaceInvocations);
        this.invocations = invocations;
        this.noRaceInvocations = noRaceInvocations;
        this.logDir = logDir;
    }

    /** Lincheck's budgets, wherever it runs: at least one interleaving each. */
    static void checkBudgets(int invocations, int noRaceInvocations) {
        if (invocations < 1 || noRaceInvocations < 1) {
            throw new IllegalArgumentException("Lincheck needs at least 1 invocation");
        }
    }

    /** The row's budget of interleavings. */
    int invocationsFor(CatalogueRow row) {
        return racy(row) ? invocations : noRaceInvocations;
    }

    static boolean racy(CatalogueRow row) {
        return row.documented() == Documented.RACY || row.documented() == Documented.BUGGY;
    }

    @Override
    public String name() {
        return "lincheck";
    }

    /** Lincheck runs one scenario: a proof row's whole bound is the explorer's. */
    @Override
    public boolean applies(CatalogueRow row) {
        return !row.isProof();
    }

    @Override
    public CheckResult check(CatalogueRow row, long budgetMillis) {
        LincheckLog.ensureRedirected();
        try {
            return checkOnce(row);
        } finally {
            LincheckLog.copyTo(logDir, row.id());
        }
    }

    private CheckResult checkOnce(CatalogueRow row) {
        int invocations = invocationsFor(row);
        synchronized (LincheckEngine.class) { // Lincheck's target is global: one check at a time
            LincheckHarness.target = new LincheckHarness.Target(row.variant(), row.scenario());
            LincheckHarness.last = null;
            LincheckHarness.firstHazard = null;
            LincheckHarness.ruleBroken = null;
            CountingVerifier.CALLS.set(0);
            long start = System.nanoTime();
            try {
                options(row.scenario(), invocations).check(LincheckHarness.class);
                long millis = (System.nanoTime() - start) / 1_000_000;
                long calls = CountingVerifier.CALLS.get();
                boolean exhausted = calls < invocations;
                return new CheckResult(row.id(), name(), exhausted ? Verdict.PASSED : Verdict.INCONCLUSIVE, exhausted,
                        calls, 0, millis, -1, null, List.of(), List.of(), null, 0, 0,
                        bound(row, calls, exhausted), null);
            } catch (LincheckAssertionError failure) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (LincheckHarness.ruleBroken != null) {
                    return CheckResult.error(row.id(), name(), millis, "model code broke a rule: "
                            + LincheckHarness.ruleBroken.getMessage());
                }
                return refuted(row, failure, millis, invocations);
            } catch (RuntimeException | Error e) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                return CheckResult.error(row.id(), name(), millis, "Lincheck failed to run: " + e);
            }
        }
    }

    /**
     * Lincheck's counterexample as the explorer replays it: the last instance is the one Lincheck
     * ran the failing interleaving on for its own trace, and its machine steps, in order, are a
     * schedule the explorer follows to the same hazard. The trace drawn is that replay; Lincheck's
     * interleaving table is the appendix.
     */
    private CheckResult refuted(CatalogueRow row, LincheckAssertionError failure, long millis, int invocations) {
        long calls = CountingVerifier.CALLS.get();
        LincheckHarness replayed = LincheckHarness.last;
        HazardException seen = LincheckHarness.firstHazard != null ? LincheckHarness.firstHazard
                : replayed == null ? null : replayed.hazard;
        String how = LincheckHarness.firstHazard != null ? ""
                : "; Lincheck's first failure: " + firstLine(failure.getMessage())
                + (seen == null ? "" : " (after " + seen.hazard().kind().title + " ended a CPU's work)");
        List<Integer> schedule = replayed == null ? List.of() : replayed.schedule();
        try {
            Counterexample again = new Explorer(row.variant(), row.scenario()).replay(schedule);
            return new CheckResult(row.id(), name(), Verdict.REFUTED, false, calls, 0, millis, millis, again.hazard(),
                    again.trace(), again.schedule(), failure.getMessage(), 0, 0,
                    bound(row, calls, false) + how + "; its interleaving replayed on the explorer ("
                            + again.schedule().size() + " steps)", null);
        } catch (RuntimeException e) {
            // Honest about it: Lincheck refuted the row, but its steps did not lead the explorer to a hazard.
            return new CheckResult(row.id(), name(), Verdict.REFUTED, false, calls, 0, millis, millis,
                    seen == null ? null : seen.hazard(), List.of(), List.of(), failure.getMessage(), 0, 0,
                    bound(row, calls, false) + how + "; its interleaving did not replay on the explorer: "
                            + e.getMessage(), null);
        }
    }

    /** Lincheck heads its report "= The execution has hung =", "= Invalid execution results =", ... */
    private static String firstLine(String text) {
        if (text == null) return "";
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.length() > 4 && line.startsWith("= ") && line.endsWith(" =")) {
                return line.substring(2, line.length() - 2).toLowerCase(java.util.Locale.ROOT);
            }
        }
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    private static ModelCheckingOptions options(Scenario scenario, int invocations) {
        return new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .addCustomScenario(lincheckScenario(scenario))
                .verifier(CountingVerifier.class)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.ERROR)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(MACHINE_STEPS).allMethods().treatAsAtomic());
    }

    static ExecutionScenario lincheckScenario(Scenario scenario) {
        try {
            Method op = LincheckHarness.class.getMethod("op", int.class, int.class);
            List<List<Actor>> threads = new ArrayList<>();
            for (int cpu = 0; cpu < scenario.cpus(); cpu++) {
                List<Actor> actors = new ArrayList<>();
                for (int i = 0; i < scenario.opsPerCpu().get(cpu).size(); i++) actors.add(new Actor(op, List.of(cpu, i)));
                threads.add(actors);
            }
            return new ExecutionScenario(List.of(), threads, List.of(), null);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private String bound(CatalogueRow row, long calls, boolean exhausted) {
        Scenario scenario = row.scenario();
        int budget = invocationsFor(row);
        String why = !racy(row) && noRaceInvocations != invocations
                ? ", as on every row whose history documents no race" : "";
        return scenario.cpus() + " CPUs, " + scenario.operations() + " operations, flush " + scenario.flush() + ", "
                + calls + " interleavings"
                + (exhausted ? ", tree exhausted" : " (budget " + budget + why + "), tree not exhausted");
    }
}
