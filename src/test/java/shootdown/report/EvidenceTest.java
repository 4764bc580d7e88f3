package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;

class EvidenceTest {
    @Test
    void stressEvidenceSaysHitsPerMillionSamples() {
        assertEquals("1,387 hits in 159,210 samples (8,712 per million)", Evidence.stress(1_387, 159_210));
        assertEquals("12 hits in 1,000,000 samples (12 per million)", Evidence.stress(12, 1_000_000));
        assertEquals("3 hits in 1,000,000,000 samples (0.003 per million)", Evidence.stress(3, 1_000_000_000));
        assertEquals("0 hits in 2,000,000 samples", Evidence.stress(0, 2_000_000), "no rate without a hit");
    }

    @Test
    void theSummaryAndIndexCarryTheRate() {
        ResultEntry refuted = ResultEntry.of(Catalogue.find("CPA-3").orElseThrow(),
                Fixtures.stress("CPA-3", 2_000_000, 50), null);
        assertEquals("50 hits in 2,000,000 samples (25 per million)", Evidence.describe(refuted));
        assertTrue(Evidence.hazardSentence(refuted).endsWith("in 50 samples of 2,000,000 (25 per million)."),
                Evidence.hazardSentence(refuted));
    }
}
