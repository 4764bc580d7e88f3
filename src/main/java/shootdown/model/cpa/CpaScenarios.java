package shootdown.model.cpa;

import java.util.List;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** The small named scenarios of the CPA catalogue rows. Every CPU starts holding the boot entries. */
public final class CpaScenarios {
    private CpaScenarios() {
    }

    /** Gleixner's race: one CPU splits a 2M page while another changes a neighbouring 4K page. */
    public static final Scenario SPLIT_VS_NEIGHBOUR = new Scenario("split-vs-neighbour", "2m",
            "CPU0 makes page 0 of a 2M page read-only, which splits it; CPU1 makes page 1 read-only "
                    + "and then touches it. Both CPUs start holding the 2M entry.",
            List.of(List.of(new Op("set_memory_ro", 0)),
                    List.of(new Op("set_memory_ro", 1), new Op("touch", 1))));

    /** Two CPUs split the same PMD: one forced by set_memory_4k(), one to change a page. */
    public static final Scenario TWO_SPLITTERS = new Scenario("two-splitters", "2m",
            "CPU0 splits the 2M page with set_memory_4k(page 0); CPU1 makes page 1 read-only, which "
                    + "needs the same split. Only one table may survive, holding CPU1's change.",
            List.of(List.of(new Op("set_memory_4k", 0)),
                    List.of(new Op("set_memory_ro", 1))));

    /** debug_pagealloc: one CPU unmaps a page, the other changes a neighbour, on the given layout. */
    public static Scenario debugPagealloc(String layout) {
        return new Scenario("debug-pagealloc-" + layout, layout,
                "debug_pagealloc: CPU0 unmaps page 0 with __kernel_map_pages() and flushes only its own "
                        + "TLB; CPU1 makes page 1 read-only and touches it. Direct map: "
                        + ("4k".equals(layout) ? "all 4K." : "a 2M leaf."),
                List.of(List.of(new Op("kernel_map_pages_off", 0)),
                        List.of(new Op("set_memory_ro", 1), new Op("touch", 1))));
    }
}
