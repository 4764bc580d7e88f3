package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On captured jcstress 0.16 output. jcstress-quick-output.txt is a whole run (quick mode, one
 * JVM flag set) of CpaNoCpaLockStress, CpaMainlineStress and a fixture that forbids CPA-3's
 * race, so one file shows every section: interesting, failed and remaining tests.
 * jcstress-error-output.txt is the results section of a run whose classes were rebuilt
 * underneath it, which jcstress reports as a test error.
 */
class JcstressOutputTest {
    static String resource(String name) throws IOException {
        try (InputStream in = JcstressOutputTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anInterestingTestHasItsTableSummedOverConfigurations() throws IOException {
        var result = JcstressOutput.find(resource("jcstress-quick-output.txt"), "shootdown.stress.CpaNoCpaLockStress")
                .orElseThrow();

        assertEquals("OK", result.status());
        assertEquals(List.of("H1_MIXED_SIZE_CONFLICT", "OK"),
                result.outcomes().stream().map(JcstressOutput.Outcome::result).toList());
        assertEquals(19, result.outcomes().get(0).samples());
        assertEquals("Interesting", result.outcomes().get(0).expect());
        assertEquals(4_832, result.samples());
        assertEquals(19, result.samplesOtherThan("OK"));
        assertTrue(result.text().startsWith(".......... [OK] shootdown.stress.CpaNoCpaLockStress"), result.text());
        assertTrue(result.text().endsWith("No hazard: CPU1's PTE store came before the split or afte..."),
                result.text());
    }

    @Test
    void aForbiddenOutcomeFailsTheTest() throws IOException {
        var result = JcstressOutput.find(resource("jcstress-quick-output.txt"),
                "shootdown.stress.CpaNoCpaLockStrictStress").orElseThrow();

        assertEquals("FAILED", result.status());
        assertEquals(3_153, result.samples());
        assertEquals(7, result.samplesOtherThan("OK"));
        assertEquals("Forbidden", result.outcomes().get(0).expect());
    }

    @Test
    void aTestWithOnlyAcceptableOutcomesIsListedUnderTheRest() throws IOException {
        var result = JcstressOutput.find(resource("jcstress-quick-output.txt"), "shootdown.stress.CpaMainlineStress")
                .orElseThrow();

        assertEquals("OK", result.status());
        assertEquals(12_187, result.samples());
        assertEquals(0, result.samplesOtherThan("OK"));
        assertEquals("No hazard, and the final page tables hold both changes.",
                result.outcomes().get(0).description());
    }

    @Test
    void anErrorKeepsItsSamplesAndMessages() throws IOException {
        var result = JcstressOutput.find(resource("jcstress-error-output.txt"), "shootdown.stress.CpaMainlineStress")
                .orElseThrow();

        assertEquals("ERROR", result.status());
        assertEquals(60, result.samples());
        assertTrue(result.text().contains("NoClassDefFoundError: shootdown/machine/Cpu"), result.text());
        assertTrue(!result.text().contains("All remaining tests"), "the block ends at the next section");
    }

    @Test
    void aTestNotInTheResultsIsNotFound() throws IOException {
        assertTrue(JcstressOutput.find(resource("jcstress-quick-output.txt"), "shootdown.stress.Missing").isEmpty());
        assertTrue(JcstressOutput.find("Exception in thread \"main\"", "shootdown.stress.CpaMainlineStress").isEmpty());
    }

    @Test
    void groupedCountsResultsWithSpacesAndTinySharesAreRead() {
        String output = """
                RUN RESULTS:
                  Interesting tests: 1 matching test results.

                .......... [OK] p.T

                  Results across all configurations:

                         RESULT    SAMPLES     FREQ       EXPECT  DESCRIPTION
                        1, 0     1.426.002   99,75%   Acceptable  German grouping
                  H1_MIXED_SIZE_CONFLICT      3,635    0.25%  Interesting  The race
                  H4_DIRTY_CACHE_ON_RECLAIM        9   <0.01%  Interesting  The race: a bit was lost

                  Failed tests: No matches.
                """;
        var result = JcstressOutput.find(output, "p.T").orElseThrow();

        assertEquals("1, 0", result.outcomes().get(0).result());
        assertEquals(1_426_002, result.outcomes().get(0).samples());
        assertEquals(3_635, result.outcomes().get(1).samples());
        assertEquals(9, result.outcomes().get(2).samples());
        assertEquals("Interesting", result.outcomes().get(2).expect());
    }

    @Test
    void anUnreadableRowIsAnErrorNotAMissingOutcome() {
        String output = """
                RUN RESULTS:
                .......... [OK] p.T

                  RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
                      OK  many  lots  Acceptable  ?
                """;
        assertThrows(IllegalArgumentException.class, () -> JcstressOutput.find(output, "p.T"));
    }
}
