package shootdown.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import shootdown.engine.CheckResult;
import shootdown.engine.Engine;

/**
 * Runs every (row, engine) check of a selection, each within its budget: one after another,
 * except that an engine that checks its rows together gets all its rows in one run: beside the
 * others if it runs in JVMs of its own (Lincheck's workers), else after them (jcstress, whose
 * stress threads want the machine to themselves). A check that crashes or hangs
 * becomes an ERROR row and the campaign goes on; the listener hears about each result as soon
 * as it exists, so an interrupted campaign keeps what it has.
 */
public final class Campaign {
    /** Extra time an engine gets past its budget to stop by itself before it counts as hung. */
    static final long GRACE_MILLIS = 30_000;

    public record Check(CatalogueRow row, Engine engine) {
        public String key() {
            return row.id() + "/" + engine.name();
        }
    }

    public interface Listener {
        void started(Check check, int done, int total);

        /** An engine starts one run for all these rows. */
        default void startedTogether(Engine engine, List<CatalogueRow> rows, int done, int total) {
        }

        void finished(Check check, CheckResult result, List<CheckResult> all);
    }

    /** How long an engine that checks its rows together may take for them. */
    public interface Budgets {
        long millisFor(Engine engine, List<CatalogueRow> rows);
    }

    private final List<Check> plan = new ArrayList<>();
    private final long checkBudgetMillis;
    private final Budgets together;

    public Campaign(List<CatalogueRow> rows, List<Engine> engines, long checkBudgetMillis) {
        this(rows, engines, checkBudgetMillis, (engine, batch) -> checkBudgetMillis * batch.size());
    }

    public Campaign(List<CatalogueRow> rows, List<Engine> engines, long checkBudgetMillis, Budgets together) {
        for (CatalogueRow row : rows) {
            for (Engine engine : engines) if (engine.applies(row)) plan.add(new Check(row, engine));
        }
        this.checkBudgetMillis = checkBudgetMillis;
        this.together = together;
    }

    public List<Check> plan() {
        return List.copyOf(plan);
    }

    /**
     * Runs the checks not already in {@code done} (a resumed campaign) until {@code deadline}
     * (epoch millis): no check starts after it, and none gets more time than is left.
     * Returns every result; checks never started are simply absent (a resume runs them).
     * Engines that check their rows together in JVMs of their own start first and run beside
     * the one-by-one checks; the other together-engines (jcstress) run last, alone.
     */
    public List<CheckResult> run(List<CheckResult> done, Listener listener, long deadline) {
        List<CheckResult> all = new ArrayList<>(done);
        List<Engine> togetherEngines = new ArrayList<>();
        for (Check check : plan) {
            if (check.engine().checksTogether() && !togetherEngines.contains(check.engine())) {
                togetherEngines.add(check.engine());
            }
        }
        List<TogetherRun> beside = new ArrayList<>();
        try {
            for (Engine engine : togetherEngines) {
                if (!engine.runsBeside()) continue;
                TogetherRun run = start(engine, all, listener, deadline);
                if (run != null) beside.add(run);
            }
            for (Check check : plan) {
                if (check.engine().checksTogether() || has(all, check)) continue;
                for (TogetherRun run : beside) run.drain(all, listener);
                long left = deadline - System.currentTimeMillis();
                if (Thread.currentThread().isInterrupted() || left <= 0) return all;
                listener.started(check, finished(all), plan.size());
                CheckResult result = runOne(check, Math.min(checkBudgetMillis, left));
                if (result == null) return all; // interrupted: the check did not finish, a resume reruns it
                all.add(result);
                listener.finished(check, result, List.copyOf(all));
            }
            for (TogetherRun run : beside) {
                if (!run.finish(all, listener)) return all;
            }
            beside.clear();
            for (Engine engine : togetherEngines) {
                if (engine.runsBeside()) continue;
                TogetherRun run = start(engine, all, listener, deadline);
                if (run == null) continue;
                beside.add(run);
                if (!run.finish(all, listener)) return all;
                beside.clear();
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all;
        } finally {
            for (TogetherRun run : beside) run.stop();
        }
    }

    private int finished(List<CheckResult> all) {
        return (int) plan.stream().filter(c -> has(all, c)).count();
    }

    static boolean has(List<CheckResult> results, Check check) {
        return results.stream().anyMatch(r -> r.id().equals(check.row().id()) && r.engine().equals(check.engine().name()));
    }

    /** The check's result, or null if the campaign was interrupted while it ran. */
    private CheckResult runOne(Check check, long budgetMillis) {
        ExecutorService worker = worker("check " + check.key());
        long start = System.nanoTime();
        Future<CheckResult> future = worker.submit(() -> check.engine().check(check.row(), budgetMillis));
        try {
            return future.get(budgetMillis + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return CheckResult.error(check.row().id(), check.engine().name(), elapsed(start),
                    "hung past its budget of " + budgetMillis + " ms");
        } catch (ExecutionException e) {
            return CheckResult.error(check.row().id(), check.engine().name(), elapsed(start),
                    "crashed: " + e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        } finally {
            worker.shutdownNow();
        }
    }

    /** Starts the engine on its rows not yet done, or returns null if there are none or no time is left. */
    private TogetherRun start(Engine engine, List<CheckResult> all, Listener listener, long deadline) {
        List<CatalogueRow> rows = plan.stream().filter(c -> c.engine() == engine && !has(all, c)).map(Check::row).toList();
        long left = deadline - System.currentTimeMillis();
        if (rows.isEmpty() || left <= 0 || Thread.currentThread().isInterrupted()) return null;
        listener.startedTogether(engine, rows, finished(all), plan.size());
        return new TogetherRun(engine, rows, Math.min(together.millisFor(engine, rows), left));
    }

    static String crash(Future<?> future) throws InterruptedException {
        try {
            future.get();
            return "gave no result";
        } catch (ExecutionException e) {
            return "crashed: " + e.getCause();
        }
    }

    static void report(CheckResult result, List<CatalogueRow> rows, Engine engine, List<CheckResult> all,
                               Listener listener) {
        CatalogueRow row = rows.stream().filter(r -> r.id().equals(result.id())).findFirst().orElse(null);
        if (row == null) return;
        all.add(result);
        listener.finished(new Check(row, engine), result, List.copyOf(all));
    }

    static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
