package shootdown.model.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.engine.LincheckEngine;
import shootdown.machine.Hazard;

/** Lincheck, the second engine, agrees with the explorer on the concurrent TDP MMU refutation. */
class MmuLincheckTest {
    @Tag("deep") // Lincheck's search of a TDP MMU race: about 20 s
    @Test
    void lincheckRefutesTdp2WithTheSameHazard() {
        CheckResult result = new LincheckEngine(2000).check(Catalogue.find("TDP-2").orElseThrow(), 120_000);
        assertEquals(Verdict.REFUTED, result.verdict(), () -> result.bound() + " " + result.error());
        assertNotNull(result.hazard());
        assertEquals(Hazard.Kind.H5_LEAK, result.hazard().kind());
    }
}
