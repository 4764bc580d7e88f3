package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Models;
import shootdown.machine.Fingerprint;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;

/**
 * The symmetric key against brute force. {@link CanonicalOrder} sorts the CPUs by what tells them
 * apart on their own and then walks, odometer-style, every order that permutes only CPUs tied in
 * that sort; the key is the smallest key over those orders. Here every one of the n! orders of
 * the CPUs is tried instead, those that keep the CPUs sorted are kept, and the two must agree in
 * every state a scenario reaches: the same orders (none twice, none missed, in runs of ties of
 * every shape four CPUs give: 4, 3+1, 2+2, 2+1+1), and the same smallest key. A tie run the
 * odometer skips, or an order it fails to rewind after a run wraps, gives a key that depends on
 * how the CPUs happen to be numbered, and the symmetric search then keeps states it should merge.
 */
class CanonicalOrderTest {
    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(delimiter = ';', value = {
            // alike at the start (one run of 4), then two pairs (2+2): the odometer must rewind
            // the second run each time the first moves on
            "cpa; mainline; 2m; CPU0: set_memory_4k(0x0) | CPU1: set_memory_4k(0x0) | CPU2: touch(0x1) | CPU3: touch(0x1)",
            // 3+1, and the IPIs a flush sends relate CPUs that otherwise tie
            "cpa; mainline; 2m; CPU0: set_memory_ro(0x0) | CPU1: touch(0x1) | CPU2: touch(0x1) | CPU3: touch(0x1)",
            "wb; sticky-mask; guest-1-frames; CPU0: kvm_arch_vcpu_ioctl_run(0) | CPU1: kvm_arch_vcpu_ioctl_run(0) | CPU2: reclaim(0)"})
    void theKeyIsTheSmallestOverEveryOrderThatKeepsTheCpusSorted(String model, String variantName, String layout,
                                                                 String ops) throws Exception {
        Variant variant = Models.named(model).variant(variantName);
        Scenario scenario = new Scenario("ties", layout, "", ScenarioText.parseOps(ops));
        SearchSpace space = new SearchSpace(Programs.of(variant, scenario), false, true);
        Set<String> runShapes = new TreeSet<>();
        long[] statesWhereTheOrderMatters = {0};
        CpuSymmetryCheck.forEachReachable(space, state -> {
            List<int[]> sorted = sortedOrders(state);
            assertEquals(orderTexts(sorted), orderTexts(odometer(state, sorted.get(0))),
                    "the orders tried within ties");
            runShapes.add(runShape(state, sorted.get(0)));

            Fingerprint key = new Fingerprint();
            Set<String> keys = new HashSet<>();
            long smallestA = 0, smallestB = 0;
            for (int[] order : sorted) {
                write(state, order, key);
                boolean first = keys.isEmpty();
                keys.add(key.a() + ":" + key.b());
                if (first || Long.compareUnsigned(key.a(), smallestA) < 0
                        || key.a() == smallestA && Long.compareUnsigned(key.b(), smallestB) < 0) {
                    smallestA = key.a();
                    smallestB = key.b();
                }
            }
            if (keys.size() > 1) statesWhereTheOrderMatters[0]++;
            int[] chosen = CanonicalOrder.of(state, true, key);
            assertEquals(smallestA + ":" + smallestB, key.a() + ":" + key.b(), "the symmetric key");
            write(state, chosen, key);
            assertEquals(smallestA + ":" + smallestB, key.a() + ":" + key.b(), "the order returned writes the key");
        }, hazard -> { });
        assertTrue(statesWhereTheOrderMatters[0] > 0, "some state's key depends on the order of tied CPUs");
        assertTrue(runShapes.size() > 1, "tie runs of more than one shape: " + runShapes);
        if (scenario.cpus() == 4) {
            assertTrue(runShapes.containsAll(List.of("4", "3+1", "2+2", "2+1+1")), "every shape of ties: " + runShapes);
        }
    }

    /** Every order of the CPUs in which each CPU sorts no later than the next one (brute force). */
    private static List<int[]> sortedOrders(SearchSpace.State state) {
        List<int[]> out = new ArrayList<>();
        for (int[] order : CpuSymmetryCheck.orders(state.cpus().length)) {
            boolean sorted = true;
            for (int k = 1; k < order.length; k++) sorted &= CanonicalOrder.compare(state, order[k - 1], order[k]) <= 0;
            if (sorted) out.add(order);
        }
        out.sort(Arrays::compare); // the first is the one sorting the numbered CPUs stably gives
        return out;
    }

    /** The orders {@link CanonicalOrder#nextWithinTies} walks through from {@code first}. */
    private static List<int[]> odometer(SearchSpace.State state, int[] first) {
        List<int[]> out = new ArrayList<>();
        int[] order = first.clone();
        do out.add(order.clone()); while (CanonicalOrder.nextWithinTies(state, order) && out.size() <= 24);
        return out;
    }

    /** The orders as text, in a list: a duplicate or a missing order shows. */
    private static List<String> orderTexts(List<int[]> orders) {
        return orders.stream().map(Arrays::toString).sorted().toList();
    }

    /** The sizes of the runs of tied CPUs, e.g. "2+1+1". */
    private static String runShape(SearchSpace.State state, int[] sorted) {
        StringBuilder shape = new StringBuilder();
        int run = 1;
        for (int k = 1; k <= sorted.length; k++) {
            if (k < sorted.length && CanonicalOrder.compare(state, sorted[k - 1], sorted[k]) == 0) {
                run++;
                continue;
            }
            shape.append(shape.length() == 0 ? "" : "+").append(run);
            run = 1;
        }
        return shape.toString();
    }

    private static void write(SearchSpace.State state, int[] order, Fingerprint key) {
        Fingerprint shared = new Fingerprint();
        state.core().inspect().sharedFingerprint(shared);
        CanonicalOrder.write(state, shared, order, key);
    }
}
