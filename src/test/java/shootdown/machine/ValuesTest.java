package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * Values steps hand model code: CPU sets, renamed with the CPUs when a search renumbers them,
 * and runs of page-table entries, whose every entry follows from the first.
 */
class ValuesTest {
    @Test
    void aCpuSetIsAMaskOfAtMost64Cpus() {
        BitSet cpus = new BitSet();
        cpus.set(1);
        cpus.set(3);
        CpuSet set = CpuSet.of(cpus);
        assertEquals(0b1010, set.bits());
        assertEquals(cpus, set.toBitSet());
        assertEquals("{1, 3}", set.toString());
        assertEquals(1, set.first());
        assertFalse(set.isEmpty());
        assertTrue(CpuSet.of(new BitSet()).isEmpty());
        assertEquals(-1, CpuSet.EMPTY.first());
        assertEquals(new CpuSet(1L << 63), CpuSet.single(63));
        BitSet tooMany = new BitSet();
        tooMany.set(64);
        assertThrows(IllegalArgumentException.class, () -> CpuSet.of(tooMany));
        BitSet last = new BitSet();
        last.set(63);
        assertEquals(63, CpuSet.of(last).first());
    }

    @Test
    void renamingMovesEachCpuToItsRank() {
        int[] rank = {2, 0, 1};
        assertEquals(0b101, new CpuSet(0b011).renamed(rank), "CPU0 -> 2, CPU1 -> 0");
        assertEquals(0b111, CpuSet.renamed(0b111L, rank));
        assertEquals(0, CpuSet.renamed(0L, rank));
        assertEquals(0b010, CpuSet.renamed(0b100L, rank));
        assertEquals(2, CpuSet.renamed(0, rank), "an int is one CPU, a long a mask");
        assertEquals(-1, CpuSet.renamed(-1, rank), "no CPU stays no CPU");
        assertEquals(0, CpuSet.renamed(1, rank));
    }

    @Test
    void aRunsEntriesFollowFromItsFirst() {
        Pte first = Pte.leaf(PageSize.SIZE_4K, 0x205, Prot.KERNEL_RW);
        PteRun run = new PteRun(5, 3, first);
        assertEquals(first, run.at(5));
        assertEquals(Pte.leaf(PageSize.SIZE_4K, 0x207, Prot.KERNEL_RW), run.at(7));
        assertThrows(IndexOutOfBoundsException.class, () -> run.at(4));
        assertThrows(IndexOutOfBoundsException.class, () -> run.at(8));
        assertEquals("[5..7] " + first, run.toString());
        assertEquals("[5] " + first, new PteRun(5, 1, first).toString());
        PteRun large = new PteRun(0, 2, Pte.leaf(PageSize.SIZE_2M, 0, Prot.KERNEL_RW));
        assertEquals(0x200, large.at(1).frame(), "frames one leaf apart");
        PteRun empty = new PteRun(0, 512, Pte.NONE);
        assertEquals(Pte.NONE, empty.at(300));
        Pte kernel4k = first.withKernel4k(true);
        assertTrue(new PteRun(5, 3, kernel4k).at(6).kernel4k(), "the flags of the first");
    }
}
