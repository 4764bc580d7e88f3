package shootdown.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import shootdown.engine.CheckResult;
import shootdown.engine.Engine;

/**
 * Runs every (row, engine) check of a selection, one after another, each within its budget.
 * A check that crashes or hangs becomes an ERROR row and the campaign goes on; the listener
 * hears about each result as soon as it exists, so an interrupted campaign keeps what it has.
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

        void finished(Check check, CheckResult result, List<CheckResult> all);
    }

    private final List<Check> plan = new ArrayList<>();
    private final long checkBudgetMillis;

    public Campaign(List<CatalogueRow> rows, List<Engine> engines, long checkBudgetMillis) {
        for (CatalogueRow row : rows) {
            for (Engine engine : engines) if (engine.applies(row)) plan.add(new Check(row, engine));
        }
        this.checkBudgetMillis = checkBudgetMillis;
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
        int finished = 0;
        for (Check check : plan) {
            if (has(all, check)) {
                finished++;
                continue;
            }
            long left = deadline - System.currentTimeMillis();
            if (Thread.currentThread().isInterrupted() || left <= 0) break;
            listener.started(check, finished, plan.size());
            CheckResult result = runOne(check, Math.min(checkBudgetMillis, left));
            if (result == null) break; // interrupted: the check did not finish, a resume reruns it
            all.add(result);
            finished++;
            listener.finished(check, result, List.copyOf(all));
        }
        return all;
    }

    private static boolean has(List<CheckResult> results, Check check) {
        return results.stream().anyMatch(r -> r.id().equals(check.row().id()) && r.engine().equals(check.engine().name()));
    }

    /** The check's result, or null if the campaign was interrupted while it ran. */
    private CheckResult runOne(Check check, long budgetMillis) {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "check " + check.key());
            t.setDaemon(true);
            return t;
        });
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

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
