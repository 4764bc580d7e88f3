package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Where kernel code is inside page-table pages between two of its steps: a walker between its
 * two reads, a scan until it has read each watched entry. The state key holds how far each
 * scan got, renamed with the CPUs; a store to an entry a scan read in its one step is refused.
 */
class TableWalkersTest {
    private final TableWalkers walkers = new TableWalkers(3);

    private static String key(TableWalkers walkers, int... order) {
        Fingerprint f = new Fingerprint();
        walkers.fingerprint(f, order);
        return f.a() + ":" + f.b();
    }

    private static String text(TableWalkers walkers, int... order) {
        StringBuilder out = new StringBuilder();
        walkers.encodeRenamed(out, order);
        return out.toString();
    }

    @Test
    void aScanEndsWhenItHasReadEveryWatchedEntryInAnyOrder() {
        walkers.startScan(1, 4, 0x200, new int[] {0, 5});
        assertTrue(walkers.scanning(1));
        assertEquals(4, walkers.inside(1));
        walkers.scanned(1, 4, 3); // not watched: nothing changes
        walkers.scanned(1, 9, 5); // another table: not this scan's
        String before = text(walkers, 0, 1, 2);
        assertEquals("in1#4scan0", before);
        walkers.scanned(1, 4, 5);
        assertEquals("in1#4scan2", text(walkers, 0, 1, 2), "the second watched entry read");
        walkers.scanned(1, 4, 0);
        assertFalse(walkers.scanning(1));
        assertEquals(-1, walkers.inside(1));
        assertEquals("", text(walkers, 0, 1, 2));
    }

    @Test
    void aScanWithNothingWatchedIsOverAtOnceAndWatchesAtMost63() {
        walkers.enter(0, 4);
        walkers.startScan(0, 4, 0, new int[0]);
        assertEquals(-1, walkers.inside(0));
        int[] many = new int[64];
        for (int i = 0; i < many.length; i++) many[i] = i;
        assertThrows(IllegalStateException.class, () -> walkers.startScan(0, 4, 0, many));
        int[] most = java.util.Arrays.copyOf(many, 63);
        walkers.startScan(0, 4, 0, most);
        for (int i = 0; i < 62; i++) walkers.scanned(0, 4, i);
        assertTrue(walkers.scanning(0));
        walkers.scanned(0, 4, 62);
        assertFalse(walkers.scanning(0));
    }

    @Test
    void aWalkerEnteringEndsItsScan() {
        walkers.startScan(2, 4, 0, new int[] {1});
        walkers.enter(2, 6);
        assertFalse(walkers.scanning(2));
        assertEquals(6, walkers.inside(2));
        walkers.leave(2);
        assertEquals(-1, walkers.inside(2));
    }

    @Test
    void aStoreIsRefusedOnlyToAnUnwatchedEntryOfATableBeingScanned() {
        walkers.startScan(1, 4, 0x200, new int[] {0, 5});
        walkers.checkStore(new PteRef(4, 5, PageSize.SIZE_4K));
        walkers.checkStore(new PteRef(7, 3, PageSize.SIZE_4K));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> walkers.checkStore(new PteRef(4, 3, PageSize.SIZE_4K)));
        assertTrue(e.getMessage().contains("page 0x203") && e.getMessage().contains("CPU1"), e.getMessage());
        walkers.enter(0, 4);
        walkers.leave(1);
        walkers.checkStore(new PteRef(4, 3, PageSize.SIZE_4K)); // a walker holds no entries back
    }

    @Test
    void theKeyRenamesCpusAndHoldsHowFarAScanGot() {
        TableWalkers other = new TableWalkers(3);
        walkers.enter(0, 4);
        walkers.startScan(2, 5, 0, new int[] {1, 2});
        other.enter(1, 4);
        other.startScan(0, 5, 0, new int[] {1, 2});
        assertNotEquals(key(walkers, 0, 1, 2), key(other, 0, 1, 2));
        assertEquals(key(walkers, 0, 1, 2), key(other, 1, 2, 0));
        assertEquals(text(walkers, 0, 1, 2), text(other, 1, 2, 0));
        StringBuilder plain = new StringBuilder();
        walkers.encode(plain);
        assertEquals(plain.toString(), text(walkers, 0, 1, 2));
        TableWalkers further = walkers.copy();
        further.scanned(2, 5, 2);
        assertNotEquals(key(walkers, 0, 1, 2), key(further, 0, 1, 2));
        assertNotEquals(text(walkers, 0, 1, 2), text(further, 0, 1, 2));
        assertTrue(walkers.scanning(2), "a copy steps apart");
        TableWalkers walking = new TableWalkers(3);
        walking.enter(2, 5);
        assertNotEquals(key(walkers, 0, 1, 2), key(walking, 0, 1, 2), "inside: walking or scanning");
    }

    @Test
    void cpusCompareByWhereTheyWalk() {
        walkers.enter(0, 4);
        walkers.enter(1, 4);
        assertEquals(0, walkers.compare(0, 1));
        assertTrue(walkers.compare(2, 0) < 0, "outside every table first");
        walkers.startScan(1, 4, 0, new int[] {1, 2});
        assertTrue(walkers.compare(0, 1) < 0 && walkers.compare(1, 0) > 0, "walking before scanning");
        TableWalkers further = walkers.copy();
        further.startScan(0, 4, 0, new int[] {1, 2});
        further.scanned(0, 4, 1);
        assertTrue(further.compare(1, 0) < 0, "by how far the scan got");
    }

    @Test
    void everyStepReportsTheWalkers() {
        Runnable[] readers = {() -> walkers.inside(0), () -> walkers.scanning(0),
            () -> walkers.checkStore(new PteRef(4, 3, PageSize.SIZE_4K))};
        for (Runnable reader : readers) {
            walkers.accesses.start();
            reader.run();
            assertEquals(Footprint.NOTHING.readsWalkers(), walkers.accesses.stop());
        }
        Runnable[] writers = {() -> walkers.enter(0, 4), () -> walkers.leave(0), () -> walkers.startScan(0, 4, 0, new int[] {1}),
            () -> walkers.scanned(0, 4, 1)};
        for (Runnable writer : writers) {
            walkers.accesses.start();
            writer.run();
            assertEquals(Footprint.NOTHING.writesWalkers(), walkers.accesses.stop());
        }
    }

    /** Through the machine: a walk to a table enters it, a read inside it leaves, each step traced. */
    @Test
    void theMachinesWalksEnterAndLeaveTables() {
        MachineCore core = new MachineCore(2, new long[] {0x200});
        for (long page = 0x200; page < 0x202; page++) core.boot().map(page, PageSize.SIZE_4K, Prot.KERNEL_RW);
        core.inspect().enableTrace();
        Lookup pmd = core.walk_to(1, 0x200, PageSize.SIZE_2M);
        assertEquals("pmd_offset(0x200) = " + pmd, core.inspect().trace().get(0).action());
        assertEquals(pmd.value().table(), core.walkers.inside(1));
        Lookup pud = core.walk_to(1, 0x200, PageSize.SIZE_1G);
        assertTrue(core.inspect().trace().get(1).action().startsWith("pud_offset(0x200) = "));
        assertEquals(pud.value().table(), core.walkers.inside(1), "the PMD table now");
        core.walk_to(1, 0x400, PageSize.SIZE_2M);
        assertEquals(-1, core.walkers.inside(1), "an empty entry: inside no table");
        core.walk_to(1, 0x200, PageSize.SIZE_2M);
        assertEquals(pmd.value().table(), core.walkers.inside(1));
        Pte read = core.read_pte(1, new PteRef(pmd.value().table(), 1, PageSize.SIZE_4K));
        assertEquals(Pte.leaf(PageSize.SIZE_4K, 0x201, Prot.KERNEL_RW), read);
        assertEquals(-1, core.walkers.inside(1), "the read inside ends the walk");
        assertTrue(core.inspect().trace().get(4).action().endsWith(" = " + read), core.inspect().trace().get(4).action());
        core.walk_to(0, 0x200, PageSize.SIZE_2M);
        core.read_pte(1, new PteRef(pmd.value().table(), 1, PageSize.SIZE_4K));
        assertEquals(pmd.value().table(), core.walkers.inside(0), "another CPU's read leaves CPU0 inside");
        java.util.List<PteRun> runs = core.read_ptes(0, pmd.value().table(), 0x200);
        assertEquals("read the entries of table#" + pmd.value().table() + " that map no watched page",
                core.inspect().trace().get(core.inspect().trace().size() - 1).action());
        assertEquals(2, runs.size(), "0x201, then the empty rest");
        assertTrue(core.walkers.scanning(0));
    }
}
