package shootdown.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;
import shootdown.machine.RuleBroken;

/**
 * Lincheck calls this once per explored interleaving: counting the calls tells how many were
 * explored, and fewer than the budget means the interleaving tree was exhausted. An operation
 * that ended in a hazard exception makes the interleaving incorrect; so does a final state that
 * fails the quiescence check of the instance the interleaving ran on.
 */
public final class CountingVerifier implements Verifier {
    static final AtomicLong CALLS = new AtomicLong();

    public CountingVerifier(Class<?> sequentialSpecification) {
    }

    @Override
    public boolean verifyResults(ExecutionScenario scenario, ExecutionResult result) {
        CALLS.incrementAndGet();
        LincheckHarness current = LincheckHarness.last;
        try {
            current.recheck();
        } catch (RuleBroken e) {
            if (LincheckHarness.ruleBroken == null) LincheckHarness.ruleBroken = e;
            return false;
        }
        boolean correct = noHazard(result) && current.quiescent();
        if (!correct && LincheckHarness.firstHazard == null) LincheckHarness.firstHazard = current.hazard;
        return correct;
    }

    private static boolean noHazard(ExecutionResult result) {
        for (List<ResultWithClock> thread : result.getParallelResultsWithClock()) {
            for (ResultWithClock r : thread) {
                if (r.getResult() instanceof ExceptionResult) return false;
            }
        }
        return true;
    }
}
