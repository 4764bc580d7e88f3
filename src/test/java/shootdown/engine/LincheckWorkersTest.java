package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.explore.Counterexample;
import shootdown.explore.Explorer;

/**
 * A campaign's Lincheck checks run in worker JVMs, two rows at once on two cores: each row's
 * answer is the one Lincheck gives in this JVM, and a check that outlives its budget is stopped
 * without losing the rows after it.
 */
@Tag("system")
class LincheckWorkersTest {
    private static List<CheckResult> checkAll(LincheckWorkers workers, List<CatalogueRow> rows, long budgetMillis) {
        List<CheckResult> out = new ArrayList<>();
        workers.checkAll(rows, budgetMillis, out::add);
        return out;
    }

    private static CheckResult of(List<CheckResult> results, String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    @Test
    void rowsCheckedSideBySideGetTheAnswersOfThisJvm() {
        List<CatalogueRow> rows = List.of(Catalogue.find("CPA-3").orElseThrow(), Catalogue.find("CPA-4").orElseThrow());
        List<CheckResult> side = checkAll(new LincheckWorkers(50, 5, 2, null), rows, 240_000);
        assertEquals(2, side.size());
        LincheckEngine here = new LincheckEngine(50, 5, null);
        for (CatalogueRow row : rows) {
            CheckResult expected = here.check(row, 120_000);
            CheckResult got = of(side, row.id());
            assertEquals(expected.verdict(), got.verdict(), row.id() + ": " + got.bound() + " " + got.error());
            assertEquals(expected.hazard() == null ? null : expected.hazard().kind(),
                    got.hazard() == null ? null : got.hazard().kind(), row.id());
            // Lincheck's order of interleavings differs from JVM to JVM: the counterexample may be another
            // one, but it crosses whole, and its schedule leads the explorer to the same hazard.
            if (got.verdict() == Verdict.REFUTED) {
                assertTrue(!got.trace().isEmpty(), row.id());
                Counterexample again = new Explorer(row.variant(), row.scenario()).replay(got.schedule());
                assertEquals(got.hazard().kind(), again.hazard().kind(), row.id());
            }
        }
    }

    /**
     * The worker JVM is started with Lincheck's instrumentation attached once ({@link LincheckAgent}):
     * attached per check, as Lincheck does by itself, each check paid 0.45 s to transform the
     * model's classes and restore them.
     */
    @Test
    void workersAttachLincheckOnceWhenTheyStart(@TempDir Path scratch) throws Exception {
        List<String> command = new LincheckWorkers(50, 5, 1, null).command(List.of(Catalogue.find("CPA-4").orElseThrow()),
                scratch);
        String agent = command.stream().filter(a -> a.startsWith("-javaagent:")).findFirst().orElseThrow();
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", agent, "-cp", System.getProperty("java.class.path"), AttachProbe.class.getName())
                .redirectErrorStream(true).start();
        String printed = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("STATIC", printed.lines().reduce((a, b) -> b).orElse(""), printed);
    }

    @Test
    void aCheckPastItsBudgetIsStoppedAndAFreshWorkerTakesTheNextRow() {
        LincheckWorkers.Command stuck = (rows, scratch) -> List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StuckWorker.class.getName());
        List<CatalogueRow> rows = List.of(Catalogue.find("WB-3").orElseThrow(), Catalogue.find("CPA-4").orElseThrow());
        long start = System.nanoTime();
        List<CheckResult> results = checkAll(new LincheckWorkers(2000, 5, 1, null, 1_000, stuck), rows, 2);
        CheckResult stopped = of(results, "WB-3");
        assertEquals(Verdict.ERROR, stopped.verdict(), stopped.bound());
        assertTrue(stopped.error().startsWith("hung past its budget of 1 ms"), stopped.error());
        CheckResult next = of(results, "CPA-4");
        assertTrue(next.verdict() == Verdict.INCONCLUSIVE && next.interleavings() == 5, next.bound() + " " + next.error());
        assertTrue(System.nanoTime() - start < 60_000_000_000L, "the stuck worker was not waited for");
    }
}
