package shootdown.model.wb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 002's case, 128 host CPUs and 8 pinned vCPUs, measured on the model. */
class WbCostTest {

    private static List<WbCost.Row> of(String variant) {
        return WbCost.rows(List.of(variant));
    }

    private static long total(List<WbCost.Row> rows) {
        return rows.stream().mapToLong(WbCost.Row::flushed).sum();
    }

    @Test
    void everyComparedDesignFlushesEveryDirtyCpuOnEveryReclaim() {
        for (WbCost.Row row : WbCost.rows()) {
            assertNull(row.hazard(), row::toString);
            assertTrue(row.flushed() >= row.dirty(), row::toString);
        }
    }

    @Test
    void wbinvdOnAllCpusFlushesTheWholeHost() {
        for (WbCost.Row row : of("wbinvd-all-cpus")) assertEquals(WbCost.HOST_CPUS, row.flushed());
    }

    @Test
    void theStickyMaskFlushesThePinnedCpusAndGrowsWhenVcpusMove() {
        List<WbCost.Row> rows = of("sticky-mask");
        assertEquals(8, rows.get(0).flushed());
        assertEquals(8, rows.get(0).dirty());
        assertEquals(16, rows.get(rows.size() - 1).flushed(), "CPUs 0-7 stay in the mask after the move");
        assertEquals(8, rows.get(rows.size() - 1).dirty());
    }

    @Test
    void clearingTheMaskFlushesLessThanTheStickyMask() {
        long todo = total(of("serialized-clear"));
        long sticky = total(of("sticky-mask"));
        long all = total(of("wbinvd-all-cpus"));
        assertTrue(todo < sticky && sticky < all, todo + " < " + sticky + " < " + all);
    }
}
