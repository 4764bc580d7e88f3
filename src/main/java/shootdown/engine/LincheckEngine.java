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
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;

/**
 * Lincheck's model checker on a row's scenario: one Lincheck thread per CPU, one actor per
 * operation, the final-state check in the verifier. The machine's steps are atomic for
 * Lincheck (guarantee on shootdown.machine), so it switches threads only between steps.
 * Lincheck has no "tree exhausted" signal: fewer verifier calls than the invocation budget
 * means it ran out of interleavings before the budget, i.e. the tree was exhausted.
 */
public final class LincheckEngine implements Engine {
    public static final int DEFAULT_INVOCATIONS = 20_000;

    private static final Function1<String, Boolean> MACHINE_STEPS =
            name -> name.startsWith("shootdown.machine.") && !name.equals("shootdown.machine.Cpu");

    private final int invocations;

    public LincheckEngine(int invocations) {
        this.invocations = invocations;
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
        synchronized (LincheckEngine.class) { // Lincheck's target is global: one check at a time
            LincheckHarness.target = new LincheckHarness.Target(row.variant(), row.scenario());
            LincheckHarness.last = null;
            LincheckHarness.failed = false;
            LincheckHarness.firstHazard = null;
            LincheckHarness.ruleBroken = null;
            CountingVerifier.CALLS.set(0);
            long start = System.nanoTime();
            try {
                options(row.scenario()).check(LincheckHarness.class);
                long millis = (System.nanoTime() - start) / 1_000_000;
                long calls = CountingVerifier.CALLS.get();
                boolean exhausted = calls < invocations;
                return new CheckResult(row.id(), name(), exhausted ? Verdict.PASSED : Verdict.INCONCLUSIVE, exhausted,
                        calls, 0, millis, -1, null, List.of(), List.of(), null, 0, 0,
                        bound(row.scenario(), calls, exhausted), null);
            } catch (LincheckAssertionError failure) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (LincheckHarness.ruleBroken != null) {
                    return CheckResult.error(row.id(), name(), millis, "model code broke a rule: "
                            + LincheckHarness.ruleBroken.getMessage());
                }
                long calls = CountingVerifier.CALLS.get();
                LincheckHarness replayed = LincheckHarness.last;
                Hazard hazard = LincheckHarness.firstHazard == null ? null : LincheckHarness.firstHazard.hazard();
                List<TraceEvent> trace = replayed == null ? List.of() : upTo(hazard, replayed.instance.machine().inspect().trace());
                return new CheckResult(row.id(), name(), Verdict.REFUTED, false, calls, 0, millis, millis, hazard,
                        trace, List.of(), failure.getMessage(), 0, 0, bound(row.scenario(), calls, false), null);
            } catch (RuntimeException | Error e) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                return CheckResult.error(row.id(), name(), millis, "Lincheck failed to run: " + e);
            }
        }
    }

    /** The replay runs every thread to its end; the counterexample ends where the hazard arose. */
    private static List<TraceEvent> upTo(Hazard hazard, List<TraceEvent> events) {
        if (hazard == null || hazard.step() < 0) return events;
        return events.stream().filter(e -> e.step() <= hazard.step()).toList();
    }

    private ModelCheckingOptions options(Scenario scenario) {
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

    private String bound(Scenario scenario, long calls, boolean exhausted) {
        return scenario.cpus() + " CPUs, " + scenario.operations() + " operations, flush " + scenario.flush() + ", "
                + calls + " interleavings"
                + (exhausted ? ", tree exhausted" : " (budget " + invocations + "), tree not exhausted");
    }
}
