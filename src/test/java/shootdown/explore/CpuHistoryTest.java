package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.machine.CpuSet;
import shootdown.machine.PageSize;
import shootdown.machine.Prot;
import shootdown.machine.Pte;

/**
 * What a CPU's history keeps: every kind of value a step returns told apart by what it is (not
 * by its hash code), the order of its steps, what an operation that forgets its past leaves,
 * and CPU sets kept aside so that a renumbering renames them.
 */
class CpuHistoryTest {
    @Test
    void everyKindOfValueIsToldApartByWhatItIs() {
        List<Object> values = List.of(true, false, 0, 1, -1, 1L << 40, (short) 2, (byte) 3, PageSize.SIZE_4K, PageSize.SIZE_2M,
                Pte.leaf(PageSize.SIZE_4K, 1, Prot.KERNEL_RW), Pte.leaf(PageSize.SIZE_4K, 2, Prot.KERNEL_RW), "text", "texts",
                List.of(1), Prot.KERNEL_RW);
        List<CpuHistory> histories = values.stream().map(CpuHistory.NONE::after).toList();
        assertEquals(values.size(), histories.stream().distinct().count(), histories.toString());
        assertNotEquals(CpuHistory.NONE.after(null), CpuHistory.NONE, "a step whose result is not kept still counts");
        assertEquals(CpuHistory.NONE.after(1), CpuHistory.NONE.after(1L), "an int and a long of one value are one result");
        assertEquals(CpuHistory.NONE.after(Pte.leaf(PageSize.SIZE_4K, 1, Prot.KERNEL_RW)),
                CpuHistory.NONE.after(Pte.leaf(PageSize.SIZE_4K, 1, Prot.KERNEL_RW)), "equal values, one history");
    }

    @Test
    void theOrderOfStepsCounts() {
        assertNotEquals(CpuHistory.NONE.after(1).after(2), CpuHistory.NONE.after(2).after(1));
        assertNotEquals(CpuHistory.NONE.after(1), CpuHistory.NONE.after(1).after(1));
    }

    @Test
    void anOperationThatForgetsItsPastKeepsOnlyHowManyCameBefore() {
        CpuHistory oneWay = CpuHistory.NONE.started(0, "a", true).after(7).started(1, "b", true);
        CpuHistory another = CpuHistory.NONE.started(0, "c", true).after(8).started(1, "b", true);
        assertEquals(oneWay, another);
        assertEquals(CpuHistory.finished(1).started(1, "b", false), oneWay);
        assertNotEquals(CpuHistory.NONE.started(0, "a", false).after(7).started(1, "b", false), oneWay,
                "kept: what came before counts");
        assertNotEquals(CpuHistory.finished(1), CpuHistory.finished(2));
    }

    @Test
    void cpuSetsAreKeptApartAndRenamed() {
        CpuHistory cpu0 = CpuHistory.NONE.after(new CpuSet(0b001));
        CpuHistory cpu2 = CpuHistory.NONE.after(new CpuSet(0b100));
        assertNotEquals(cpu0, cpu2);
        assertEquals(cpu0.a(), cpu2.a(), "the folded part holds only where the set was");
        assertEquals(0, cpu0.compareTo(cpu2), "so the order ignores which CPUs it names");
        int[] rank = {2, 1, 0};
        assertEquals(cpu2.text(SearchSpace.identity(3)), cpu0.text(rank));
        assertTrue(cpu0.toString().endsWith("/1"), cpu0.toString());
        assertEquals(cpu0.hashCode(), cpu2.hashCode());
        assertNotEquals(CpuHistory.NONE.after(new CpuSet(1)).a(), CpuHistory.NONE.after(1L).a(), "a set is not a number");
    }

    @Test
    void historiesCompareByTheirFoldedPart() {
        CpuHistory x = CpuHistory.NONE.after(1), y = CpuHistory.NONE.after(2);
        assertEquals(-Integer.signum(x.compareTo(y)), Integer.signum(y.compareTo(x)));
        assertTrue(x.compareTo(y) != 0);
        assertEquals(0, x.compareTo(CpuHistory.NONE.after(1)));
    }
}
