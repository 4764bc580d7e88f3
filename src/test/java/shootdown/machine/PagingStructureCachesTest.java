package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paging-structure caches as sets of non-leaf entries per CPU: what a fill adds (the live
 * path, and paths through entries already cached into tables the live ones no longer reach),
 * what INVLPG and a full flush drop, and the key that ignores fill order and renames CPUs.
 */
class PagingStructureCachesTest {
    private static final Prot RW = Prot.KERNEL_RW;
    private final DirectMap map = new DirectMap();
    private final PagingStructureCaches pscs = new PagingStructureCaches(2, new long[] {0x200, 0x201});

    /** Pages 0x200-0x3ff mapped 4K: the PDPTE of the first 1G region and the PDE of the second 2M range. */
    private int boot() {
        for (long page = 0x200; page < 0x202; page++) map.mapAtBoot(page, PageSize.SIZE_4K, RW);
        return map.walk(0x200).kpte().table();
    }

    private static String key(PagingStructureCaches pscs, int... order) {
        Fingerprint f = new Fingerprint();
        pscs.fingerprint(f, order);
        return f.a() + ":" + f.b();
    }

    private static String text(PagingStructureCaches pscs, int... order) {
        StringBuilder out = new StringBuilder();
        pscs.encodeRenamed(out, order);
        return out.toString();
    }

    @Test
    void aFillCachesTheLivePathOfEachWatchedPage() {
        int pte = boot();
        pscs.fill(0, map);
        assertEquals(List.of(map.walkTo(0x200, PageSize.SIZE_1G).value().table(), pte), pscs.walkStarts(0, 0x201));
        assertEquals(List.of(), pscs.walkStarts(1, 0x201), "CPU1 has not filled");
        assertEquals(1, pscs.pointingAt(0, pte).size());
        assertEquals(List.of(), pscs.pointingAt(1, pte));
        assertEquals("", pscs.describe(0, map), "every entry is live");
        assertEquals(List.of(map.walkTo(0x200, PageSize.SIZE_1G).value().table()), pscs.walkStarts(0, 0x400),
                "another 2M range of the same 1G region: the PDPTE only");
    }

    @Test
    void aReplacedTableStaysReachableThroughTheCacheUntilInvlpgOfAPageItCovers() {
        int pte = boot();
        pscs.fill(0, map);
        PteRef pde = map.walkTo(0x200, PageSize.SIZE_2M).kpte();
        map.write(pde, Pte.leaf(PageSize.SIZE_2M, 0x200, RW));
        pscs.fill(0, map);
        assertTrue(pscs.walkStarts(0, 0x200).contains(pte));
        assertEquals("[PDE@0x200 -> a table the live tables no longer reach]", pscs.describe(0, map));
        map.free(pte);
        assertEquals("[PDE@0x200 -> a freed table]", pscs.describe(0, map));
        pscs.flushOne(0, 0x600);
        assertTrue(pscs.walkStarts(0, 0x200).contains(pte), "INVLPG of another 2M range keeps the PDE");
        pscs.flushOne(0, 0x3ff);
        assertEquals(List.of(), pscs.pointingAt(0, pte));
        assertEquals(List.of(), pscs.walkStarts(0, 0x200), "the PDPTE covers 0x3ff too: dropped with the PDE");
    }

    @Test
    void aFillFollowsCachedEntriesIntoTablesTheLiveOnesNoLongerReach() {
        int pte = boot();
        PteRef pde = map.walkTo(0x200, PageSize.SIZE_2M).kpte();
        int pmd = pde.table();
        pscs.fill(0, map);
        // A new PMD table replaces the old one in the PUD: the cached PDPTE still points at the old.
        int newPmd = map.allocate(PageSize.SIZE_2M);
        map.fill(newPmd, new Pte[] {Pte.leaf(PageSize.SIZE_2M, 0, RW), Pte.leaf(PageSize.SIZE_2M, 0x200, RW)});
        map.write(map.walkTo(0x200, PageSize.SIZE_1G).kpte(), Pte.table(newPmd));
        pscs.fill(0, map);
        List<Integer> starts = pscs.walkStarts(0, 0x200);
        assertTrue(starts.contains(pmd) && starts.contains(newPmd) && starts.contains(pte), starts.toString());
        pscs.fillFromRoot(1, map);
        assertEquals(List.of(newPmd), pscs.walkStarts(1, 0x200), "from the root only: the live path");
    }

    @Test
    void aFullFlushDropsEverything() {
        boot();
        pscs.fill(0, map);
        pscs.flushAll(0);
        assertEquals(List.of(), pscs.walkStarts(0, 0x200));
        assertEquals(key(new PagingStructureCaches(2, new long[] {0x200, 0x201}), 0, 1), key(pscs, 0, 1));
    }

    @Test
    void theKeyIgnoresFillOrderAndRenamesCpusAndACopyStepsApart() {
        boot();
        pscs.fill(1, map);
        PagingStructureCaches copy = pscs.copy();
        String before = key(pscs, 0, 1);
        copy.flushAll(1);
        copy.fill(0, map);
        assertEquals(before, key(pscs, 0, 1), "the original is as it was");
        assertNotEquals(before, key(copy, 0, 1));
        assertEquals(before, key(copy, 1, 0));
        assertEquals(text(pscs, 0, 1), text(copy, 1, 0));
        StringBuilder plain = new StringBuilder();
        pscs.encode(plain);
        assertEquals(plain.toString(), text(pscs, 0, 1));
        assertTrue(plain.toString().startsWith("psc0[]psc1[PDPTE@0x0->table#"), plain.toString());
        assertTrue(pscs.compare(0, 1) != 0 && Integer.signum(pscs.compare(0, 1)) == -Integer.signum(pscs.compare(1, 0)));
    }

    @Test
    void stepsReportTheCpusTlb() {
        boot();
        pscs.accesses.start();
        pscs.walkStarts(1, 0x200);
        pscs.pointingAt(0, 3);
        assertEquals(Footprint.NOTHING.readsTlb(0).readsTlb(1), pscs.accesses.stop());
        pscs.accesses.start();
        pscs.fill(1, map);
        assertEquals(Footprint.NOTHING.readsTlb(1).writesTlb(1), pscs.accesses.stop());
        pscs.accesses.start();
        pscs.flushOne(1, 0x200);
        assertEquals(Footprint.NOTHING.readsTlb(1).writesTlb(1), pscs.accesses.stop());
        pscs.accesses.start();
        pscs.flushAll(0);
        assertEquals(Footprint.NOTHING.readsTlb(0), pscs.accesses.stop(), "nothing to drop: only looked");
    }

    @Test
    void aStaleCachedPdpteIsNamedAtItsLevelAndAFreedTableIsNotWalked() {
        int pte = boot();
        pscs.fill(0, map);
        int newPmd = map.allocate(PageSize.SIZE_2M);
        map.fill(newPmd, new Pte[] {Pte.leaf(PageSize.SIZE_2M, 0, RW), Pte.leaf(PageSize.SIZE_2M, 0x200, RW)});
        map.write(map.walkTo(0x200, PageSize.SIZE_1G).kpte(), Pte.table(newPmd));
        assertTrue(pscs.describe(0, map).contains("PDPTE@0x0 -> a table the live tables no longer reach"),
                pscs.describe(0, map));
        map.free(pte);
        pscs.fill(0, map); // the cached PDE points at a freed table: the walker cannot go on from it
        assertTrue(pscs.describe(0, map).contains("PDE@0x200 -> a freed table"), pscs.describe(0, map));
    }

    @Test
    void invlpgKeepsTheEntriesOfOtherRegions() {
        PagingStructureCaches two = new PagingStructureCaches(1, new long[] {0x200, 0x400});
        for (long page : new long[] {0x200, 0x400}) map.mapAtBoot(page, PageSize.SIZE_4K, RW);
        two.fill(0, map);
        assertEquals(3, two.walkStarts(0, 0x200).size() + two.walkStarts(0, 0x400).size() - 1, "a PDPTE and two PDEs");
        two.flushOne(0, 0x400);
        assertEquals(List.of(map.walk(0x200).kpte().table()), two.walkStarts(0, 0x200),
                "the PDPTE covers 0x400 and goes; the PDE of 0x200's range stays");
    }

    @Test
    void theTextIgnoresFillOrder() {
        for (long page : new long[] {0x200, 0x400}) map.mapAtBoot(page, PageSize.SIZE_4K, RW);
        PagingStructureCaches ascending = new PagingStructureCaches(1, new long[] {0x200, 0x400});
        PagingStructureCaches descending = new PagingStructureCaches(1, new long[] {0x400, 0x200});
        ascending.fill(0, map);
        descending.fill(0, map);
        StringBuilder a = new StringBuilder(), d = new StringBuilder();
        ascending.encode(a);
        descending.encode(d);
        assertEquals(a.toString(), d.toString());
        assertEquals(text(ascending, 0), text(descending, 0));
    }
}
