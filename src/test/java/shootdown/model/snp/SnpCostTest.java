package shootdown.model.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cost table: deterministic counts that tell the strategies apart. */
class SnpCostTest {
    private static final Map<String, SnpCost.Row> ROWS =
            SnpCost.rows().stream().collect(Collectors.toMap(SnpCost.Row::variant, Function.identity()));

    @Test
    void theRunIsDeterministic() {
        assertEquals(ROWS.get("merged"), SnpCost.row("merged"));
    }

    @Test
    void noRowHitsAHazardSinceTheWorkloadWritesNothing() {
        ROWS.values().forEach(r -> assertNull(r.hazard(), r.variant()));
    }

    @Test
    void theInvalidateDesignsTakeCpaLockForEveryConversionTheMergedOneOnlyToSplit() {
        long conversions = SnpCost.workload().operations();
        assertTrue(ROWS.get("rfc-v8-fixed").cpaLockTaken() >= conversions);
        assertTrue(ROWS.get("rfc-v8").cpaLockTaken() > ROWS.get("rfc-v8-fixed").cpaLockTaken(),
                "the buggy cleanup runs a second CPA per conversion to private");
        assertTrue(ROWS.get("merged").cpaLockTaken() < 4 * ROWS.get("merged").splits() + 2 * 2);
        assertEquals(0, ROWS.get("merged+no-cpa-lock").cpaLockTaken());
    }

    @Test
    void splitsHappenOncePer2mRangeAndPresplitPaysThemAtBoot() {
        for (String v : List.of("merged", "rfc-v8", "rfc-v8-fixed", "v6-split-noflush")) {
            assertEquals(2, ROWS.get(v).splits(), v);
            assertEquals(0, ROWS.get(v).bootSplits(), v);
        }
        assertEquals(2, ROWS.get("presplit").bootSplits());
        assertEquals(ROWS.get("presplit").splits(), ROWS.get("presplit").bootSplits());
        assertEquals(0, ROWS.get("no-adjust").splits());
        assertEquals(0, ROWS.get("v6-split-noflush").globalFlushes(), "the v6 split flushes nothing");
    }
}
