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
 * except that an engine that checks its rows together (jcstress, whose start costs more than a
 * row's samples) gets all its rows in one run, after the others. A check that crashes or hangs
 * becomes an ERROR row and the campaign goes on; the listener hears about each result as soon
 * as it exists, so an interrupted campaign keeps what it has.
 */
public final class Campaign {
    /** Extra time an engine gets past its budget to stop by itself before it counts as hung. */
    private static final long GRACE_MILLIS = 30_000;

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
     */
    public List<CheckResult> run(List<CheckResult> done, Listener listener, long deadline) {
        List<CheckResult> all = new ArrayList<>(done);
        List<Engine> togetherEngines = new ArrayList<>();
        for (Check check : plan) {
            if (check.engine().checksTogether()) {
                if (!togetherEngines.contains(check.engine())) togetherEngines.add(check.engine());
                continue;
            }
            if (has(all, check)) continue;
            long left = deadline - System.currentTimeMillis();
            if (Thread.currentThread().isInterrupted() || left <= 0) return all;
            listener.started(check, finished(all), plan.size());
            CheckResult result = runOne(check, Math.min(checkBudgetMillis, left));
            if (result == null) return all; // interrupted: the check did not finish, a resume reruns it
            all.add(result);
            listener.finished(check, result, List.copyOf(all));
        }
        for (Engine engine : togetherEngines) {
            List<CatalogueRow> rows = plan.stream().filter(c -> c.engine() == engine && !has(all, c))
                    .map(Check::row).toList();
            if (rows.isEmpty()) continue;
            long left = deadline - System.currentTimeMillis();
            if (Thread.currentThread().isInterrupted() || left <= 0) return all;
            listener.startedTogether(engine, rows, finished(all), plan.size());
            if (!runTogether(engine, rows, Math.min(together.millisFor(engine, rows), left), all, listener)) {
                return all;
            }
        }
        return all;
    }

    private int finished(List<CheckResult> all) {
        return (int) plan.stream().filter(c -> has(all, c)).count();
    }

    private static boolean has(List<CheckResult> results, Check check) {
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

    /**
     * Runs the engine's rows in one go; results reach the listener on this thread as they come.
     * Returns false if the campaign was interrupted meanwhile.
     */
    private boolean runTogether(Engine engine, List<CatalogueRow> rows, long budgetMillis, List<CheckResult> all,
                                Listener listener) {
        ExecutorService worker = worker("checks " + engine.name());
        LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
        long start = System.nanoTime();
        Future<?> future = worker.submit(() -> engine.checkAll(rows, budgetMillis, results::add));
        long until = System.currentTimeMillis() + budgetMillis + GRACE_MILLIS;
        try {
            while (true) {
                CheckResult result = results.poll(100, TimeUnit.MILLISECONDS);
                if (result != null) {
                    report(result, rows, engine, all, listener);
                } else if (future.isDone()) {
                    break;
                } else if (System.currentTimeMillis() > until) {
                    future.cancel(true);
                    break;
                }
            }
            for (CheckResult left; (left = results.poll()) != null; ) report(left, rows, engine, all, listener);
            String why = future.isCancelled() ? "hung past its budget of " + budgetMillis + " ms" : crash(future);
            for (CatalogueRow row : rows) {
                Check check = new Check(row, engine);
                if (!has(all, check) && why != null) {
                    report(CheckResult.error(row.id(), engine.name(), elapsed(start), why), rows, engine, all, listener);
                }
            }
            return true;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return false;
        } finally {
            worker.shutdownNow();
        }
    }

    private static String crash(Future<?> future) throws InterruptedException {
        try {
            future.get();
            return "gave no result";
        } catch (ExecutionException e) {
            return "crashed: " + e.getCause();
        }
    }

    private static void report(CheckResult result, List<CatalogueRow> rows, Engine engine, List<CheckResult> all,
                               Listener listener) {
        CatalogueRow row = rows.stream().filter(r -> r.id().equals(result.id())).findFirst().orElse(null);
        if (row == null) return;
        all.add(result);
        listener.finished(new Check(row, engine), result, List.copyOf(all));
    }

    private static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
