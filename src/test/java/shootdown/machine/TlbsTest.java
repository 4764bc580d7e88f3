package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    private static String key(Tlbs tlbs, int... order) {
        Fingerprint f = new Fingerprint();
        tlbs.fingerprint(f, order);
        return f.a() + ":" + f.b();
    }

    private static String text(Tlbs tlbs, int... order) {
        StringBuilder out = new StringBuilder();
        tlbs.encodeRenamed(out, order);
        return out.toString();
    }

    private static final TlbEntry SMALL_RO = new TlbEntry(1, PageSize.SIZE_4K, 1, Prot.KERNEL_RW.withRw(false));
    private static final TlbEntry LARGE = new TlbEntry(0, PageSize.SIZE_2M, 0, Prot.KERNEL_RW);

    /** A TLB is a set: the order its entries were filled in is not part of the state. */
    @Test
    void theKeyIgnoresFillOrderAndRenamesCpus() {
        Tlbs other = new Tlbs(2, new long[] {0, 1});
        tlbs.preload(0, LARGE);
        tlbs.preload(0, SMALL_RO);
        other.preload(1, SMALL_RO);
        other.preload(1, LARGE);
        other.preload(1, LARGE); // already held: no second copy
        assertEquals(tlbs.encoded(0), other.encoded(1));
        assertNotEquals(key(tlbs, 0, 1), key(other, 0, 1));
        assertEquals(key(tlbs, 0, 1), key(other, 1, 0));
        assertEquals(text(tlbs, 0, 1), text(other, 1, 0));
        StringBuilder plain = new StringBuilder();
        tlbs.encode(plain);
        assertEquals(plain.toString(), text(tlbs, 0, 1));
        assertTrue(plain.toString().startsWith("tlb0[") && plain.toString().contains("tlb1[]"), plain.toString());
        assertTrue(tlbs.compare(0, 1) != 0 && Integer.signum(tlbs.compare(0, 1)) == -Integer.signum(tlbs.compare(1, 0)));
        assertEquals(0, other.compare(0, 0));
    }

    @Test
    void aCopySharesEntriesUntilEitherChangesThem() {
        tlbs.preload(0, LARGE);
        String before = key(tlbs, 0, 1);
        Tlbs copy = tlbs.copy();
        assertEquals(before, key(copy, 0, 1));
        copy.preload(0, SMALL_RO);
        copy.flushAll(1);
        assertEquals(before, key(tlbs, 0, 1), "the original keeps its entries and its cached key");
        assertEquals(1, tlbs.covering(0, 1).size());
        assertEquals(2, copy.covering(0, 1).size());
        copy.flushAll(0);
        assertTrue(copy.covering(0, 1).isEmpty());
        assertNotEquals(key(tlbs, 0, 1), key(copy, 0, 1));
        Tlbs emptied = new Tlbs(2, new long[] {0, 1});
        assertEquals(key(emptied, 0, 1), key(copy, 0, 1), "flushed is empty");
    }

    @Test
    void invlpgOfAnotherPageKeepsEverything() {
        tlbs.preload(0, SMALL_RO);
        String before = key(tlbs, 0, 1);
        tlbs.flushOne(0, 0);
        assertEquals(before, key(tlbs, 0, 1));
        assertEquals(1, tlbs.covering(0, 1).size());
        tlbs.flushOne(0, 1);
        assertNotEquals(before, key(tlbs, 0, 1), "the cached key is dropped with the entry");
    }

    @Test
    void onlyPresentLeavesAreFilledAndOnlyWatchedPages() {
        map.mapAtBoot(0, PageSize.SIZE_4K, Prot.KERNEL_RW);
        map.mapAtBoot(1, PageSize.SIZE_4K, Prot.NOT_PRESENT);
        map.mapAtBoot(2, PageSize.SIZE_4K, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        assertEquals(1, tlbs.covering(0, 0).size());
        assertTrue(tlbs.covering(1, 1).isEmpty(), "not present: nothing to cache");
        assertTrue(tlbs.covering(1, 2).isEmpty(), "page 2 is not watched");
        assertFalse(tlbs.covering(1, 0).isEmpty(), "every CPU fills");
    }

    @Test
    void aFullFlushRefillsFromTheLiveTablesOnly() {
        map.mapAtBoot(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        tlbs.preload(0, SMALL_RO);
        tlbs.flushAllThenRefill(0, map, pscs);
        assertEquals(java.util.List.of(LARGE), tlbs.covering(0, 1));
        tlbs.preload(0, SMALL_RO);
        tlbs.flushOneThenRefill(0, 1, map, pscs);
        assertEquals(java.util.List.of(LARGE), tlbs.covering(0, 1), "INVLPG, then the live 2M entry again");
    }

    @Test
    void stepsReportTheTlbsTheyReadAndWrite() {
        tlbs.accesses.start();
        tlbs.covering(1, 0);
        assertEquals(Footprint.NOTHING.readsTlb(1), tlbs.accesses.stop());
        tlbs.accesses.start();
        tlbs.conflict(0);
        assertEquals(Footprint.NOTHING.readsTlb(0), tlbs.accesses.stop());
        map.mapAtBoot(0, PageSize.SIZE_4K, Prot.KERNEL_RW);
        tlbs.accesses.start();
        tlbs.fill(0, map, pscs);
        assertEquals(Footprint.NOTHING.readsTlb(0).writesTlb(0), tlbs.accesses.stop(), "a fill that adds");
        tlbs.accesses.start();
        tlbs.fill(0, map, pscs);
        assertEquals(Footprint.NOTHING.readsTlb(0), tlbs.accesses.stop(), "a fill with nothing new only looks");
        tlbs.accesses.start();
        tlbs.preload(1, LARGE);
        assertEquals(Footprint.NOTHING.readsTlb(1).writesTlb(1), tlbs.accesses.stop(), "it looks before it adds");
        tlbs.accesses.start();
        tlbs.flushAll(0);
        assertEquals(Footprint.NOTHING.writesTlb(0), tlbs.accesses.stop(), "even with nothing to drop");
        tlbs.accesses.start();
        tlbs.flushOne(0, 5);
        assertEquals(Footprint.NOTHING.writesTlb(0), tlbs.accesses.stop());
    }

    @Test
    void theLargerEntryOfAConflictComesFirst() {
        tlbs.preload(0, SMALL_RO);
        tlbs.preload(0, LARGE);
        TlbEntry[] pair = tlbs.conflict(0);
        assertEquals(LARGE, pair[0]);
        assertEquals(SMALL_RO, pair[1]);
    }

    @Test
    void aOneGigabyteLeafIsCachedFromTheRootWalkAlone() {
        map.mapAtBoot(0, PageSize.SIZE_1G, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        assertEquals(List.of(new TlbEntry(0, PageSize.SIZE_1G, 0, Prot.KERNEL_RW)), tlbs.covering(0, 1),
                "no non-leaf entry lies below the root: nothing else to walk from");
    }

    @Test
    void invlpgOfOnePageKeepsTheEntriesOfTheOthers() {
        map.mapAtBoot(0, PageSize.SIZE_4K, Prot.KERNEL_RW);
        map.mapAtBoot(1, PageSize.SIZE_4K, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        tlbs.flushOne(0, 0);
        assertEquals(List.of(), tlbs.covering(0, 0));
        assertEquals(1, tlbs.covering(0, 1).size(), "page 1's entry stays");
        assertEquals(1, tlbs.covering(1, 0).size(), "and so does CPU1's TLB");
    }

    @Test
    void lookingForAConflictReadsTheTlb() {
        map.mapAtBoot(0, PageSize.SIZE_4K, Prot.KERNEL_RW);
        tlbs.fillAll(map, pscs);
        tlbs.accesses.start();
        assertNull(tlbs.conflict(1));
        assertEquals(Footprint.NOTHING.readsTlb(1), tlbs.accesses.stop());
    }
}
