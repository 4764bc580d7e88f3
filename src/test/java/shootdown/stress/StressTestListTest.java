package shootdown.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
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
    @Test
    void everyStressTestNamedByTheCatalogueIsInJcstressTestList() throws IOException {
        String testList;
        try (InputStream in = StressTestListTest.class.getResourceAsStream("/META-INF/TestList")) {
            assertNotNull(in, "no META-INF/TestList: the jcstress annotation processor did not run");
            testList = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<CatalogueRow> stressed = Catalogue.rows().stream().filter(r -> r.stressTest() != null).toList();
        assertTrue(stressed.size() >= 2, "CPA-3 and CPA-4 have stress tests");
        for (CatalogueRow row : stressed) {
            String test = "shootdown.stress." + row.stressTest();
            assertTrue(testList.contains(test), row.id() + ": " + test + " is not in jcstress's TestList");
        }
    }

    @Test
    void everyStressTestNamedByTheCatalogueHasOneActorPerCpu() throws ClassNotFoundException {
        for (CatalogueRow row : Catalogue.rows()) {
            if (row.stressTest() == null) continue;
            Class<?> test = Class.forName("shootdown.stress." + row.stressTest());
            assertNotNull(test.getAnnotation(JCStressTest.class), test + " lacks @JCStressTest");
            long actors = Arrays.stream(test.getMethods()).filter(m -> m.isAnnotationPresent(Actor.class)).count();
            assertEquals(row.scenario().cpus(), actors, test + ": one actor per CPU of " + row.id());
            // jcstress skips a test with more actors than CPUs; CI has two.
            assertTrue(actors <= 2, test + " has " + actors + " actors");
        }
    }
}
