package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The worst-case TLB: what a CPU may hold, and when two of its entries conflict (H1). */
class TlbsTest {
    private final DirectMap map = new DirectMap();
    private final Tlbs tlbs = new Tlbs(2, new long[] {0, 1});
    private final PagingStructureCaches pscs = new PagingStructureCaches(2, new long[] {0, 1});

    @Test
    void aSplitWithTheOldProtectionsConflictsWithNothing() {
        map.mapAtBoot(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        Lookup large = map.walk(1);
        int table = map.allocate(PageSize.SIZE_4K);
        System.arraycopy(large.value().split(), 0, map.table(table).entries, 0, PageSize.PTRS_PER_TABLE);
        map.write(large.kpte(), Pte.table(table));
        tlbs.fillAll(map, pscs);

        assertEquals(2, tlbs.covering(0, 1).size(), "the stale 2M entry and the new 4K entry");
        assertNull(tlbs.conflict(0), "same frame and attributes: not undefined behaviour");
    }

    @Test
    void aChanged4kPteBesideAStale2mEntryIsAConflict() {
        map.mapAtBoot(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        Lookup large = map.walk(1);
        int table = map.allocate(PageSize.SIZE_4K);
        System.arraycopy(large.value().split(), 0, map.table(table).entries, 0, PageSize.PTRS_PER_TABLE);
        map.write(large.kpte(), Pte.table(table));
        Lookup small = map.walk(1);
        map.write(small.kpte(), small.value().withProt(Prot.KERNEL_RW.withRw(false)));
        tlbs.fillAll(map, pscs);

        TlbEntry[] pair = tlbs.conflict(1);
        assertNotNull(pair);
        assertEquals(PageSize.SIZE_2M, pair[0].size());
        assertEquals(PageSize.SIZE_4K, pair[1].size());
    }

    @Test
    void invlpgDropsEveryEntryCoveringThePageWhateverItsSize() {
        map.mapAtBoot(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        tlbs.preload(0, new TlbEntry(1, PageSize.SIZE_4K, 1, Prot.KERNEL_RW.withRw(false)));
        assertNotNull(tlbs.conflict(0));

        tlbs.flushOne(0, 1);
        assertTrue(tlbs.covering(0, 1).isEmpty());
        assertNull(tlbs.conflict(0));
        assertEquals(1, tlbs.covering(1, 1).size(), "the other CPU keeps its entry");
    }
}
