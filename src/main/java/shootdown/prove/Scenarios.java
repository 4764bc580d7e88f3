package shootdown.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import shootdown.model.Scenario;

/**
 * Checks the scenarios of a bound on several threads (each exploration is single-threaded and
 * independent), with the answer a check in order would give: the first scenario, in
 * enumeration order, that fails or runs out of budget decides it.
 */
final class Scenarios {
    private Scenarios() {
    }

    /** One scenario's answer: passed, failed with what was found, or stopped (budget) with why. */
    record Verdict<F>(boolean ok, F failure, String stopReason) {
        static <F> Verdict<F> pass() {
            return new Verdict<>(true, null, null);
        }

        static <F> Verdict<F> fail(F failure) {
            return new Verdict<>(false, failure, null);
        }

        static <F> Verdict<F> stop(String why) {
            return new Verdict<>(false, null, why);
        }
    }

    /**
     * The answer: the first scenario that did not pass with what it found (or why it stopped),
     * or neither if every scenario passed; {@code passed} counts the scenarios that passed.
     */
    record Found<F>(Scenario scenario, F failure, String stopReason, int passed) {
    }

    static <F> Found<F> check(List<Scenario> scenarios, int workers, LongSupplier millisLeft,
                              Function<Scenario, Verdict<F>> check) {
        List<Verdict<F>> verdicts = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) verdicts.add(null);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger firstBad = new AtomicInteger(scenarios.size());
        Throwable[] crash = new Throwable[1];
        Runnable worker = () -> {
            while (true) {
                int i = next.getAndIncrement();
                if (i >= firstBad.get()) return; // a scenario before it already decided the answer
                Verdict<F> verdict;
                try {
                    verdict = millisLeft.getAsLong() <= 0 ? Verdict.stop("time budget spent")
                            : check.apply(scenarios.get(i));
                } catch (Throwable e) {
                    synchronized (crash) {
                        if (crash[0] == null) crash[0] = e;
                    }
                    firstBad.set(-1);
                    return;
                }
                synchronized (verdicts) {
                    verdicts.set(i, verdict);
                }
                if (!verdict.ok()) firstBad.accumulateAndGet(i, Math::min);
            }
        };
        Thread[] threads = new Thread[Math.max(1, Math.min(workers, scenarios.size()))];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(worker, "prove-" + t);
            threads[t].setDaemon(true);
            threads[t].start();
        }
        try {
            for (Thread thread : threads) thread.join();
        } catch (InterruptedException e) {
            firstBad.set(-1);
            Thread.currentThread().interrupt();
            return new Found<>(null, null, "interrupted", 0);
        }
        if (crash[0] instanceof RuntimeException e) throw e;
        if (crash[0] instanceof Error e) throw e;
        int passed = 0;
        synchronized (verdicts) {
            for (Verdict<F> verdict : verdicts) if (verdict != null && verdict.ok()) passed++;
            for (int i = 0; i < verdicts.size(); i++) {
                Verdict<F> verdict = verdicts.get(i);
                if (verdict != null && !verdict.ok()) {
                    return new Found<>(scenarios.get(i), verdict.failure(), verdict.stopReason(), passed);
                }
            }
        }
        return new Found<>(null, null, null, passed);
    }
}
