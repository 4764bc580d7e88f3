package shootdown.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.engine.LincheckEngine;
import shootdown.explore.Budget;
import shootdown.explore.Explorer;
import shootdown.machine.RuleBroken;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;

/**
 * The rules model and variant code keep, each broken on purpose once: a variant file's source
 * is checked before it runs (its file and line named), and every engine checks, as the code
 * runs, that a CPU's code run again with the same step results asks for the same steps.
 */
class ModelCodeRulesTest {
    private static final String HEADER = "import shootdown.model.cpa.CpaData;\nimport shootdown.model.cpa.SetMemory;\n";
    private static final Variant MAINLINE = CpaModel.INSTANCE.variant("mainline");

    @TempDir
    Path dir;

    private Path file(String name, String body) throws IOException {
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, HEADER + "/** A variant that breaks a rule. */\npublic class " + name
                + " extends SetMemory {\n" + body + "\n}\n");
        return file;
    }

    private static VariantFile.Rejected rejected(Path file) {
        return assertThrows(VariantFile.Rejected.class, () -> VariantFile.load(file, MAINLINE));
    }

    @Test
    void aMutableStaticFieldIsRejectedAtItsLine() throws IOException {
        VariantFile.Rejected e = rejected(file("Counts", "    static int calls;"));
        assertTrue(e.getMessage().startsWith(dir.resolve("Counts.java") + ":5: static field 'calls'"), e.getMessage());
        assertTrue(e.getMessage().contains("shares nothing outside the machine"), e.getMessage());
    }

    @Test
    void catchingThrowableIsRejected() throws IOException {
        VariantFile.Rejected e = rejected(file("Swallows", """
                    @Override
                    protected void cpa_flush(CpaData cpa) {
                        try { super.cpa_flush(cpa); } catch (Throwable t) { }
                    }"""));
        assertTrue(e.getMessage().contains("Swallows.java:7: catch (Throwable)"), e.getMessage());
        assertTrue(e.getMessage().contains("never catches Error"), e.getMessage());
    }

    @Test
    void readingTheClockIsRejected() throws IOException {
        VariantFile.Rejected e = rejected(file("Timed", """
                    @Override
                    protected void cpa_flush(CpaData cpa) {
                        if (System.nanoTime() % 2 == 0) super.cpa_flush(cpa);
                    }"""));
        assertTrue(e.getMessage().contains("Timed.java:7: java.lang.System.nanoTime()"), e.getMessage());
        assertTrue(e.getMessage().contains("deterministic"), e.getMessage());
    }

    @Test
    void aCompileErrorIsTheCompilersFileAndLine() throws IOException {
        VariantFile.Rejected e = rejected(file("Broken", "    void f() { int x = ; }"));
        assertTrue(e.getMessage().startsWith(dir.resolve("Broken.java") + ":5: error: "), e.getMessage());
    }

    private static final String RUN_COUNTER = """
                @Override
                public void set_memory_ro(long addr) {
                    int runs = Integer.getInteger("shootdown.test.runs", 0);
                    System.setProperty("shootdown.test.runs", String.valueOf(runs + 1));
                    if (runs % 2 == 1) cpu.touch(addr);
                    super.set_memory_ro(addr);
                }""";

    /**
     * State that outlives a run where no source check looks (here a system property, which every
     * run of the JVM shares) is caught as the code runs: run again, it asks for another step.
     */
    @Test
    void codeThatAsksForOtherStepsWhenRunAgainIsStoppedNamingTheStepAndTheLine() throws IOException {
        Variant counting = VariantFile.load(file("RunCounter", RUN_COUNTER), MAINLINE);
        CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();
        RuleBroken e = assertThrows(RuleBroken.class,
                () -> new Explorer(counting, cpa4.scenario()).explore(new Budget(100_000, 60_000)));
        assertTrue(e.getMessage().contains("asks for a different step"), e.getMessage());
        assertTrue(e.getMessage().contains("RunCounter.java:9 (set_memory_ro)"), e.getMessage());
        assertTrue(e.getMessage().contains("deterministic"), e.getMessage());
    }

    /** Lincheck runs the same code and stops it the same way: an ERROR, never a verdict. */
    @Tag("deep") // Lincheck: about 10 s, more for the first run in a JVM
    @Test
    void lincheckStopsCodeThatAsksForOtherStepsWhenRunAgain() throws IOException {
        Variant counting = VariantFile.load(file("RunCounter", RUN_COUNTER), MAINLINE);
        CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();
        CatalogueRow row = new CatalogueRow("RUNS", counting, cpa4.scenario(), null, cpa4.documented(), cpa4.hazards(),
                "", "", "", null, "test");
        CheckResult lincheck = new LincheckEngine(200).check(row, 60_000);
        assertEquals(Verdict.ERROR, lincheck.verdict(), lincheck::bound);
        assertTrue(lincheck.error().contains("broke a rule"), lincheck.error());
    }

    /** A built-in file cannot be source-checked the same way; catching the explorer's Error is caught as it runs. */
    @Test
    void codeThatCatchesTheErrorThatStopsItIsStopped() {
        Variant swallowing = Variant.of(CpaModel.INSTANCE, "swallows", "catches everything", "", SetMemory.class,
                CatchesEverything::new);
        CatalogueRow cpa4 = Catalogue.find("CPA-4").orElseThrow();
        RuleBroken e = assertThrows(RuleBroken.class,
                () -> new Explorer(swallowing, cpa4.scenario()).explore(new Budget(100_000, 60_000)));
        assertTrue(e.getMessage().contains("caught the Error that stops it"), e.getMessage());
    }

    /** What the source check would reject in a variant file: the explorer's capture is an Error, and this eats it. */
    static final class CatchesEverything extends SetMemory {
        @Override
        protected void cpa_flush(CpaData cpa) {
            try {
                super.cpa_flush(cpa);
            } catch (Throwable swallowed) {
                // on purpose: the rule this test breaks
            }
        }
    }
}
