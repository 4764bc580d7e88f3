package shootdown.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/**
 * jcstress runs only the tests in the first META-INF/TestList on the classpath, which the
 * annotation processor writes at compile time, and exits 0 when none match. So a test that
 * never made it there would be skipped silently, by `mvn verify` and by the campaign alike.
 */
class StressTestListTest {
    private static final Map<Integer, Class<?>> TESTS = Map.of(1, OneCpuRows.class, 2, TwoCpuRows.class,
            3, ThreeCpuRows.class, 4, FourCpuRows.class);

    @Test
    void everyGenericStressTestIsInJcstressTestList() throws IOException {
        String testList;
        try (InputStream in = StressTestListTest.class.getResourceAsStream("/META-INF/TestList")) {
            assertNotNull(in, "no META-INF/TestList: the jcstress annotation processor did not run");
            testList = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Class<?> test : TESTS.values()) {
            assertTrue(testList.contains(test.getName()), test.getName() + " is not in jcstress's TestList");
        }
    }

    @Test
    void eachGenericTestHasOneActorPerCpu() {
        TESTS.forEach((cpus, test) -> {
            assertNotNull(test.getAnnotation(JCStressTest.class), test + " lacks @JCStressTest");
            long actors = Arrays.stream(test.getMethods()).filter(m -> m.isAnnotationPresent(Actor.class)).count();
            assertEquals((long) cpus, actors, test.getName());
        });
    }

    @Test
    void everyCatalogueRowOfOneScenarioHasAGenericTestForItsCpus() {
        List<CatalogueRow> scenarioRows = Catalogue.rows().stream().filter(r -> !r.isProof()).toList();
        for (CatalogueRow row : scenarioRows) {
            assertTrue(TESTS.containsKey(row.cpus()), row.id() + " runs on " + row.cpus() + " CPUs");
        }
        assertEquals(scenarioRows, RowPool.selected(null, null), "with no selection, every built-in row");
        assertEquals(2, RowPool.actorsFor(1, RowPool.DEFAULT_FEWEST_ACTORS), "one-CPU rows join the two-actor test");
        assertEquals(1, RowPool.actorsFor(1, 1));
        assertEquals(3, RowPool.actorsFor(3, RowPool.DEFAULT_FEWEST_ACTORS));
        assertEquals(List.of("CPA-3", "WB-5"), RowPool.selected("cpa-3, WB-5", null).stream()
                .map(CatalogueRow::id).toList());
    }
}
