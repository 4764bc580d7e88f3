package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The direct map's page tables: walks, copy-on-write snapshots, tables allocated, published and
 * freed, and what a step that touches them reports (live tables or the pool) to the footprint check.
 */
class DirectMapTest {
    private static final Prot RW = Prot.KERNEL_RW;
    private final DirectMap map = new DirectMap();

    private static String text(DirectMap map) {
        StringBuilder out = new StringBuilder();
        map.encode(out);
        return out.toString();
    }

    private static String key(DirectMap map) {
        Fingerprint f = new Fingerprint();
        map.fingerprint(f);
        return f.a() + ":" + f.b();
    }

    /** A 2M leaf at page 0 and 4K leaves from page 512: root, one PMD table, one PTE table. */
    private void boot() {
        map.mapAtBoot(0, PageSize.SIZE_2M, RW);
        map.mapAtBoot(512, PageSize.SIZE_4K, RW);
        map.mapAtBoot(513, PageSize.SIZE_4K, RW);
    }

    @Test
    void aWalkEndsAtTheLeafOrTheEmptyEntryAndWalkToStopsAtItsLevel() {
        boot();
        Lookup large = map.walk(7);
        assertEquals(Pte.leaf(PageSize.SIZE_2M, 0, RW), large.value());
        assertEquals(PageSize.SIZE_2M, large.level());
        Lookup small = map.walk(513);
        assertEquals(Pte.leaf(PageSize.SIZE_4K, 513, RW), small.value());
        assertEquals(1, small.kpte().index());
        assertEquals(Pte.NONE, map.walk(514).value());
        Lookup pmd = map.walkTo(513, PageSize.SIZE_2M);
        assertTrue(pmd.value().isTable(), pmd.toString());
        assertEquals(PageSize.SIZE_2M, pmd.level());
        assertTrue(map.walkTo(513, PageSize.SIZE_1G).value().isTable());
        assertEquals(Pte.NONE, map.walk(1L << 18).value(), "another 1G region: nothing below the root");
        assertEquals(small.value(), map.walkFrom(pmd.value().table(), 513));
    }

    @Test
    void pathFromListsTheNonLeafEntriesACacheWouldHold() {
        boot();
        List<PagingStructureCaches.Entry> path = map.pathFrom(DirectMap.ROOT, 513);
        assertEquals(2, path.size(), path.toString());
        assertEquals(PageSize.SIZE_1G, path.get(0).size());
        assertEquals(PageSize.SIZE_2M, path.get(1).size());
        assertEquals(512, path.get(1).base());
        assertEquals(1, map.pathFrom(DirectMap.ROOT, 7).size(), "a 2M leaf: only the PUD entry above it");
        int pte = path.get(1).table();
        map.free(pte);
        assertEquals(1, map.pathFrom(DirectMap.ROOT, 513).size(), "no cache entry points at a freed table");
    }

    @Test
    void aCopySharesTablesUntilItWritesOneAndTheOriginalIsFrozen() {
        boot();
        String before = text(map);
        DirectMap copy = map.copy();
        assertEquals(before, text(copy));
        assertEquals(key(map), key(copy));
        PteRef kpte = copy.walk(513).kpte();
        copy.write(kpte, Pte.NONE);
        assertEquals(before, text(map), "the original's table is not written");
        assertEquals(Pte.NONE, copy.walk(513).value());
        assertNotEquals(key(map), key(copy));
        copy.write(copy.walk(512).kpte(), Pte.NONE);
        assertEquals(Pte.NONE, copy.walk(512).value(), "a second store to the table the copy owns now");
        assertThrows(IllegalStateException.class, () -> map.write(kpte, Pte.NONE), "a snapshot's source is not written");
        int table = copy.allocate(PageSize.SIZE_4K);
        assertThrows(IllegalStateException.class, () -> map.table(table), "tables allocated by the copy are its own");
    }

    @Test
    void tablesGrowPastTheFirstFourAndEachFreeIsChecked() {
        int[] ids = new int[6];
        for (int i = 0; i < ids.length; i++) ids[i] = map.allocate(PageSize.SIZE_4K);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, ids, "ids in order after the root");
        assertEquals(PageSize.SIZE_4K, map.table(6).entrySize);
        map.free(6);
        assertTrue(map.isFreed(6) && !map.isFreed(5));
        assertThrows(IllegalStateException.class, () -> map.free(6), "double free");
        assertThrows(IllegalStateException.class, () -> map.free(DirectMap.ROOT));
        assertThrows(IllegalStateException.class, () -> map.table(6), "use after free");
        assertThrows(IllegalStateException.class, () -> map.table(7), "never allocated");
        assertThrows(IllegalStateException.class, () -> map.table(-1));
        assertEquals(List.of(1, 2, 3, 4, 5), map.unreachableTables());
    }

    @Test
    void aPublishedTableIsReachableAndCannotBeFilledInPrivate() {
        boot();
        int table = map.allocate(PageSize.SIZE_4K);
        map.requirePrivate(table, "fill");
        assertFalse(map.reachable(table));
        assertFalse(map.everPublished(table));
        map.fill(table, Pte.leaf(PageSize.SIZE_2M, 0, RW).split());
        map.write(map.walk(0).kpte(), Pte.table(table));
        assertTrue(map.reachable(table));
        assertTrue(map.everPublished(table));
        assertEquals(Pte.leaf(PageSize.SIZE_4K, 9, RW), map.walk(9).value());
        assertThrows(IllegalStateException.class, () -> map.requirePrivate(table, "free"));
        assertTrue(map.unreachableTables().isEmpty());
        map.write(map.walkTo(0, PageSize.SIZE_2M).kpte(), Pte.leaf(PageSize.SIZE_2M, 0, RW));
        assertEquals(List.of(table), map.unreachableTables(), "unpublished again, not freed: a leak if left so");
        assertTrue(map.everPublished(table), "it was once");
        map.free(table);
        assertFalse(map.reachable(table));
        assertTrue(map.unreachableTables().isEmpty());
    }

    @Test
    void aStoreIntoAFreedTableIsLostAndAReadSeesWhatItHeld() {
        boot();
        PteRef kpte = map.walk(513).kpte();
        map.write(map.walkTo(513, PageSize.SIZE_2M).kpte(), Pte.NONE);
        map.free(kpte.table());
        map.write(kpte, Pte.NONE);
        assertEquals(Pte.leaf(PageSize.SIZE_4K, 513, RW), map.read(kpte));
    }

    @Test
    void bootRefusesALeafInsideALargerOne() {
        map.mapAtBoot(0, PageSize.SIZE_2M, RW);
        assertThrows(IllegalArgumentException.class, () -> map.mapAtBoot(3, PageSize.SIZE_4K, RW));
    }

    @Test
    void watchedIndicesAreThoseOfTheLiveTableOfTheRegion() {
        boot();
        int pte = map.walk(513).kpte().table();
        assertArrayEquals(new int[] {1, 5}, map.watchedIndices(pte, 512, new long[] {517, 513, 7, 1024}));
        int other = map.allocate(PageSize.SIZE_4K);
        assertThrows(IllegalStateException.class, () -> map.watchedIndices(other, 512, new long[] {513}));
    }

    @Test
    void runsButCollapseContinuingEntriesAroundTheSkippedOnes() {
        boot();
        int pte = map.walk(513).kpte().table();
        List<PteRun> runs = map.runsBut(pte, new int[] {1});
        assertEquals(List.of(new PteRun(0, 1, Pte.leaf(PageSize.SIZE_4K, 512, RW)), new PteRun(2, 510, Pte.NONE)), runs);
        int split = map.allocate(PageSize.SIZE_4K);
        map.fill(split, Pte.leaf(PageSize.SIZE_2M, 0, RW).split());
        assertEquals(List.of(new PteRun(0, 512, Pte.leaf(PageSize.SIZE_4K, 0, RW))), map.runsBut(split, new int[0]));
        assertEquals(List.of(new PteRun(0, 3, Pte.leaf(PageSize.SIZE_4K, 0, RW)),
                new PteRun(4, 508, Pte.leaf(PageSize.SIZE_4K, 4, RW))), map.runsBut(split, new int[] {3}));
        assertEquals(List.of(new PteRun(1, 511, Pte.leaf(PageSize.SIZE_4K, 1, RW))), map.runsBut(split, new int[] {0}));
    }

    @Test
    void theKeyAndTheTextTellAFreedTableFromALiveOne() {
        boot();
        DirectMap before = map.copy();
        DirectMap after = map.copy();
        int table = after.allocate(PageSize.SIZE_4K);
        DirectMap freed = after.copy();
        freed.free(table);
        assertNotEquals(key(before), key(after));
        assertNotEquals(key(after), key(freed));
        assertNotEquals(key(before), key(freed), "a freed table still counts: ids are not reused");
        assertTrue(text(freed).endsWith("freed{" + table + "}"), text(freed));
    }

    @Test
    void stepsReportLiveTablesAndThePoolApart() {
        boot();
        int pool = map.allocate(PageSize.SIZE_4K);
        PteRef live = map.walk(513).kpte();
        assertEquals(Footprint.NOTHING.readsPageTables(), recorded(() -> map.walk(513)));
        assertEquals(Footprint.NOTHING.readsPageTables(), recorded(() -> map.read(live)));
        assertEquals(Footprint.NOTHING.writesPageTables(), recorded(() -> map.write(live, Pte.NONE)));
        assertEquals(Footprint.NOTHING.readsTablePool(), recorded(() -> map.read(new PteRef(pool, 0, PageSize.SIZE_4K))));
        assertEquals(Footprint.NOTHING.writesTablePool(), recorded(() -> map.fill(pool, new Pte[] {Pte.NONE})));
        assertEquals(Footprint.NOTHING.writesTablePool(), recorded(() -> map.allocate(PageSize.SIZE_4K)));
        assertEquals(Footprint.NOTHING.readsTablePool(), recorded(() -> map.walkFrom(pool, 0)), "from a cached entry into the pool");
        assertEquals(Footprint.NOTHING.writesTablePool(), recorded(() -> map.free(pool)));
        assertEquals(Footprint.NOTHING.readsPageTables().readsTablePool(), recorded(map::unreachableTables));
    }

    private Footprint recorded(Runnable step) {
        map.accesses.start();
        step.run();
        return map.accesses.stop();
    }

    /** A page's text collapses runs of entries that continue each other: a fresh split is one item. */
    @Test
    void aTablesTextCollapsesRunsOfContinuingEntries() {
        PageTablePage page = new PageTablePage(3, PageSize.SIZE_4K);
        page.fill(Pte.leaf(PageSize.SIZE_2M, 0x200, RW).split());
        StringBuilder split = new StringBuilder();
        page.encode(split);
        assertEquals("#34K{0:4K pfn 0x200 RW NX*512;}", split.toString());
        page.set(1, Pte.leaf(PageSize.SIZE_4K, 0x201, RW.withRw(false)));
        StringBuilder changed = new StringBuilder();
        page.encode(changed);
        assertEquals("#34K{0:4K pfn 0x200 RW NX;1:4K pfn 0x201 RO NX;2:4K pfn 0x202 RW NX*510;}", changed.toString());
        Fingerprint before = new Fingerprint();
        new PageTablePage(3, PageSize.SIZE_4K).fingerprint(before);
        Fingerprint after = new Fingerprint();
        page.fingerprint(after);
        assertNotEquals(before.a(), after.a());
        assertTrue(PageTablePage.continues(Pte.NONE, Pte.NONE));
        assertFalse(PageTablePage.continues(Pte.table(1), Pte.table(2)), "table pointers never run");
        assertFalse(PageTablePage.continues(Pte.NONE, Pte.table(2)));
        Pte a = Pte.leaf(PageSize.SIZE_4K, 5, RW);
        assertTrue(PageTablePage.continues(a, Pte.leaf(PageSize.SIZE_4K, 6, RW)));
        assertFalse(PageTablePage.continues(a, Pte.leaf(PageSize.SIZE_4K, 7, RW)), "a frame skipped");
        assertFalse(PageTablePage.continues(a, Pte.leaf(PageSize.SIZE_2M, 6, RW)), "another size");
        assertFalse(PageTablePage.continues(a, Pte.leaf(PageSize.SIZE_4K, 6, RW).withKernel4k(true)), "other flags");
        assertEquals(7, new PageTablePage(0, PageSize.SIZE_2M).indexOf(7 * 512 + 3));
        assertEquals(0, new PageTablePage(0, PageSize.SIZE_4K).indexOf(512));
    }

    @Test
    void aCopyRemembersWhichTablesWereFreedAndWhichWereEverPublished() {
        boot();
        int pte = map.walkTo(513, PageSize.SIZE_2M).value().table();
        assertTrue(map.everPublished(pte), "a table the boot layout linked in was in the tables");
        int spare = map.allocate(PageSize.SIZE_4K);
        assertFalse(map.everPublished(spare));
        map.free(spare);
        DirectMap copy = map.copy();
        assertTrue(copy.isFreed(spare));
        assertThrows(IllegalStateException.class, () -> copy.table(spare), "a snapshot refuses the freed table too");
        assertTrue(copy.everPublished(pte));
    }

    @Test
    void aWalkFromTheRootReadsTheLiveTablesAndOneFromAnUnlinkedTableReadsThePool() {
        boot();
        int pmd = map.walkTo(513, PageSize.SIZE_1G).value().table();
        int spare = map.allocate(PageSize.SIZE_4K);
        map.accesses.start();
        map.pathFrom(DirectMap.ROOT, 513);
        assertEquals(Footprint.NOTHING.readsPageTables(), map.accesses.stop());
        map.accesses.start();
        map.pathFrom(pmd, 513);
        assertEquals(Footprint.NOTHING.readsPageTables(), map.accesses.stop(), "table#" + pmd + " is live");
        map.accesses.start();
        map.pathFrom(spare, 513);
        assertEquals(Footprint.NOTHING.readsTablePool(), map.accesses.stop(), "a table no entry points to is in the pool");
        map.accesses.start();
        map.walkTo(513, PageSize.SIZE_4K);
        assertEquals(Footprint.NOTHING.readsPageTables(), map.accesses.stop());
    }
}
