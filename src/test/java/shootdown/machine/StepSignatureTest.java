package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A step's signature is what an engine compares when it runs a CPU's code again: equal for the
 * same step with equal arguments, different when any argument differs, however it is held
 * (numbers, texts, enums, arrays, lists, bit sets, records), and blind to the identity of the
 * model's own objects, which every run makes afresh.
 */
class StepSignatureTest {
    private record Pair(long page, PageSize size) {
    }

    private static final class ModelObject {
    }

    @Test
    void everyKindOfArgumentCounts() {
        List<Object[]> pairs = List.of(
                new Object[] {1L, 2L}, new Object[] {1, 2}, new Object[] {"a", "b"}, new Object[] {true, false},
                new Object[] {'a', 'b'}, new Object[] {PageSize.SIZE_4K, PageSize.SIZE_2M},
                new Object[] {new long[] {1}, new long[] {2}}, new Object[] {new int[] {1}, new int[] {2}},
                new Object[] {new boolean[] {true}, new boolean[] {false}},
                new Object[] {new Object[] {1L}, new Object[] {2L}}, new Object[] {List.of(1L), List.of(2L)},
                new Object[] {bits(1), bits(2)}, new Object[] {new Pair(1, PageSize.SIZE_4K), new Pair(1, PageSize.SIZE_2M)},
                new Object[] {null, 0L});
        for (Object[] pair : pairs) {
            assertNotEquals(StepSignature.of("step", pair[0]), StepSignature.of("step", pair[1]),
                    pair[0] + " against " + pair[1]);
            assertEquals(StepSignature.of("step", copyOf(pair[0])), StepSignature.of("step", pair[0]), String.valueOf(pair[0]));
        }
        assertNotEquals(StepSignature.of("step", 1L), StepSignature.of("step", 1), "a long is not an int");
        assertNotEquals(StepSignature.of("a", 1L), StepSignature.of("b", 1L), "the step's name");
        assertNotEquals(StepSignature.of("a", 1L, 2L), StepSignature.of("a", 2L, 1L), "the arguments' order");
        assertNotEquals(StepSignature.of("a", List.of(1L)), StepSignature.of("a", List.of(1L, 1L)), "a list's length");
    }

    @Test
    void theModelsOwnObjectsCountByTheirClassOnly() {
        assertEquals(StepSignature.of("a", new ModelObject()), StepSignature.of("a", new ModelObject()));
        assertNotEquals(StepSignature.of("a", new ModelObject()), StepSignature.of("a", new Pair(0, PageSize.SIZE_4K)));
        Object deep = List.of(List.of(List.of(List.of(List.of(List.of(1L))))));
        Object deeper = List.of(List.of(List.of(List.of(List.of(List.of(2L))))));
        assertEquals(StepSignature.of("a", deep), StepSignature.of("a", deeper), "past four levels only the class counts");
    }

    @Test
    void aBodyIsKnownByItsPlaceInTheSourceAndWhatItCaptured() {
        assertEquals(StepSignature.ofBody(body(1)), StepSignature.ofBody(body(1)));
        assertNotEquals(StepSignature.ofBody(body(1)), StepSignature.ofBody(body(2)), "what it captured");
        Function<MachineCore, Integer> elsewhere = c -> 1;
        assertNotEquals(StepSignature.ofBody(body(1)), StepSignature.ofBody(elsewhere), "another place in the source");
    }

    private static Function<MachineCore, Long> body(long captured) {
        return c -> captured;
    }

    private static BitSet bits(int... set) {
        BitSet out = new BitSet();
        for (int b : set) out.set(b);
        return out;
    }

    private static Object copyOf(Object v) {
        if (v instanceof long[] a) return a.clone();
        if (v instanceof int[] a) return a.clone();
        if (v instanceof boolean[] a) return a.clone();
        if (v instanceof Object[] a) return a.clone();
        if (v instanceof BitSet b) return b.clone();
        if (v instanceof List<?> l) return new java.util.ArrayList<>(l);
        if (v instanceof Pair p) return new Pair(p.page(), p.size());
        return v;
    }
}
