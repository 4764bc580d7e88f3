package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;
import shootdown.model.Variant;
import shootdown.model.cpa.CpaData;
import shootdown.model.cpa.CpaModel;
import shootdown.model.cpa.SetMemory;

/**
 * On two threads the second starts with nothing and must steal its work from the first: the
 * same states are visited either way, so only where the model's code ran shows that it did.
 * A watching {@code change_page_attr_set_clr()} notes the thread each re-run of CPU code is on.
 */
class WorkSharingTest {
    @Test
    void theSecondThreadStealsWorkAndTheStatesStayTheSame() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Variant watched = Variant.of(CpaModel.INSTANCE, "watched", "mainline, noting the thread its code runs on",
                "planted", SetMemory.class, () -> new Watched(threads));
        Programs bound = SplitAlphabet.bound(watched, 2, 2);
        SnapshotSearch.Result two = new SnapshotSearch(bound, true, true).run(new Budget(2_000_000, 120_000).withThreads(2),
                false);
        assertNull(two.stopReason());
        assertTrue(threads.contains("explorer-1"), "the second worker ran CPU code: " + threads);

        Programs mainline = SplitAlphabet.bound(Models.named("cpa").variant("mainline"), 2, 2);
        assertEquals(new SnapshotSearch(mainline, true, true).run(new Budget(2_000_000, 120_000), false).states(),
                two.states());
    }

    /** The mainline code, noting which thread runs it (the note is the test's, not the machine's). */
    static final class Watched extends SetMemory {
        private final Set<String> threads;

        Watched(Set<String> threads) {
            this.threads = threads;
        }

        @Override
        protected void change_page_attr_set_clr(CpaData cpa) {
            threads.add(Thread.currentThread().getName());
            super.change_page_attr_set_clr(cpa);
        }
    }
}
