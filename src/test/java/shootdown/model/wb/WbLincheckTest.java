package shootdown.model.wb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.engine.LincheckEngine;
import shootdown.machine.Hazard;

/** The second engine agrees on a refutation of the WB section. */
class WbLincheckTest {

    @Tag("deep") // Lincheck's search of a WB race: about 15 s
    @Test
    void lincheckFindsTheLostBitOfWb5() {
        CheckResult r = new LincheckEngine(2_000).check(Catalogue.find("WB-5").orElseThrow(), 120_000);
        assertEquals(Verdict.REFUTED, r.verdict(), () -> String.valueOf(r.error()));
        assertEquals(Hazard.Kind.H4_DIRTY_CACHE_ON_RECLAIM, r.hazard().kind());
        assertFalse(r.trace().isEmpty());
    }
}
