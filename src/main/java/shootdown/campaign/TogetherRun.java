package shootdown.campaign;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import shootdown.engine.CheckResult;
import shootdown.engine.Engine;

/**
 * One engine of a campaign checking its rows together, on a thread of its own; the campaign's
 * thread hands its results on to the listener, so the report is written from one thread only.
 */
final class TogetherRun {
    private final Engine engine;
    private final List<CatalogueRow> rows;
    private final long budgetMillis;
    private final ExecutorService worker;
    private final LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
    private final Future<?> future;
    private final long start = System.nanoTime();
    private final long until;

    TogetherRun(Engine engine, List<CatalogueRow> rows, long budgetMillis) {
        this.engine = engine;
        this.rows = rows;
        this.budgetMillis = budgetMillis;
        this.worker = Campaign.worker("checks " + engine.name());
        this.future = worker.submit(() -> engine.checkAll(rows, budgetMillis, results::add));
        this.until = System.currentTimeMillis() + budgetMillis + Campaign.GRACE_MILLIS;
    }

    /** Hands on the results that have come, without waiting. */
    void drain(List<CheckResult> all, Campaign.Listener listener) {
        for (CheckResult left; (left = results.poll()) != null; ) Campaign.report(left, rows, engine, all, listener);
    }

    /**
     * Hands on results as they come until the engine is done (or hung past its budget: the
     * rows without a result are ERROR). Returns false if the campaign was interrupted meanwhile.
     */
    boolean finish(List<CheckResult> all, Campaign.Listener listener) throws InterruptedException {
        while (true) {
            CheckResult result = results.poll(100, TimeUnit.MILLISECONDS);
            if (result != null) {
                Campaign.report(result, rows, engine, all, listener);
            } else if (future.isDone()) {
                break;
            } else if (System.currentTimeMillis() > until) {
                future.cancel(true);
                break;
            } else if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        drain(all, listener);
        String why = future.isCancelled() ? "hung past its budget of " + budgetMillis + " ms" : Campaign.crash(future);
        for (CatalogueRow row : rows) {
            Campaign.Check check = new Campaign.Check(row, engine);
            if (!Campaign.has(all, check) && why != null) {
                Campaign.report(CheckResult.error(row.id(), engine.name(), Campaign.elapsed(start), why), rows, engine, all, listener);
            }
        }
        worker.shutdownNow();
        return true;
    }

    /** The campaign stops early: the engine's run is cancelled (its JVMs end with it). */
    void stop() {
        future.cancel(true);
        worker.shutdownNow();
    }
}
