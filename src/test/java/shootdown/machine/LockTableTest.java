package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lock semantics every engine relies on, one rule a test: readers share an rwlock, a writer
 * or a spinlock's owner excludes everyone, only the holder can drop a hold, snapshots do not share
 * holders, and the state key renames holders with the CPUs (the CPU symmetry's promise for locks).
 */
class LockTableTest {
    private final LockTable table = new LockTable();
    private final SpinLock cpaLock = table.spin("cpa_lock");
    private final RwLock mmapLock = table.rw("init_mm.mmap_lock");

    @Test
    void aSpinlockHasOneOwnerUntilItDropsIt() {
        assertTrue(table.tryLock(cpaLock, 0, LockMode.SPIN));
        assertFalse(table.tryLock(cpaLock, 1, LockMode.SPIN), "held by CPU0");
        assertFalse(table.tryLock(cpaLock, 0, LockMode.SPIN), "not recursive");
        assertEquals(0, table.owner(cpaLock));
        assertFalse(table.unlock(cpaLock, 1, LockMode.SPIN), "CPU1 does not hold it");
        assertEquals(0, table.owner(cpaLock));
        assertTrue(table.unlock(cpaLock, 0, LockMode.SPIN));
        assertEquals(SpinLock.UNLOCKED, table.owner(cpaLock));
        assertTrue(table.tryLock(cpaLock, 1, LockMode.SPIN));
    }

    @Test
    void readersShareAndAWriterExcludesThem() {
        assertTrue(table.tryLock(mmapLock, 0, LockMode.READ));
        assertTrue(table.tryLock(mmapLock, 2, LockMode.READ), "readers share");
        assertFalse(table.tryLock(mmapLock, 1, LockMode.WRITE), "a reader holds it");
        assertTrue(table.isReader(mmapLock, 2) && !table.isReader(mmapLock, 1));
        assertFalse(table.unlock(mmapLock, 1, LockMode.READ), "CPU1 reads nothing");
        assertTrue(table.unlock(mmapLock, 0, LockMode.READ));
        assertTrue(table.hasReaders(mmapLock), "CPU2 still reads");
        assertTrue(table.unlock(mmapLock, 2, LockMode.READ));
        assertFalse(table.hasReaders(mmapLock));
        assertTrue(table.tryLock(mmapLock, 1, LockMode.WRITE));
        assertEquals(1, table.writer(mmapLock));
        assertFalse(table.tryLock(mmapLock, 0, LockMode.READ), "a writer excludes readers");
        assertFalse(table.tryLock(mmapLock, 0, LockMode.WRITE), "and writers");
        assertFalse(table.unlock(mmapLock, 0, LockMode.WRITE), "only the writer drops it");
        assertTrue(table.unlock(mmapLock, 1, LockMode.WRITE));
        assertEquals(SpinLock.UNLOCKED, table.writer(mmapLock));
    }

    @Test
    void aTraceListsWhatEachCpuHoldsAndHow() {
        table.tryLock(cpaLock, 1, LockMode.SPIN);
        table.tryLock(mmapLock, 1, LockMode.READ);
        assertEquals(List.of("cpa_lock", "init_mm.mmap_lock (read)"), table.heldBy(1));
        assertEquals(List.of(), table.heldBy(0));
        table.unlock(mmapLock, 1, LockMode.READ);
        table.tryLock(mmapLock, 0, LockMode.WRITE);
        assertEquals(List.of("init_mm.mmap_lock (write)"), table.heldBy(0));
        assertEquals("write", table.heldBy(0, mmapLock));
        assertEquals(null, table.heldBy(1, mmapLock));
    }

    @Test
    void aCopyHoldsWhatTheOriginalHeldAndNoMore() {
        table.tryLock(cpaLock, 0, LockMode.SPIN);
        LockTable copy = table.copy();
        assertTrue(copy.unlock(cpaLock, 0, LockMode.SPIN));
        assertTrue(copy.tryLock(mmapLock, 1, LockMode.READ));
        assertEquals(0, table.owner(cpaLock), "the original still holds it");
        assertFalse(table.hasReaders(mmapLock));
        assertThrows(IllegalStateException.class, () -> new LockTable().owner(cpaLock), "another machine's lock");
    }

    /** CPU0 owns cpa_lock, CPUs 1 and 2 read the rwlock; renamed by rank {2, 0, 1}: CPU2 owns, CPUs 0 and 1 read. */
    @Test
    void theStateKeyRenamesHoldersWithTheCpus() {
        table.tryLock(cpaLock, 0, LockMode.SPIN);
        table.tryLock(mmapLock, 1, LockMode.READ);
        table.tryLock(mmapLock, 2, LockMode.READ);
        LockTable renamedByHand = new LockTable();
        SpinLock cpa = renamedByHand.spin("cpa_lock");
        RwLock mmap = renamedByHand.rw("init_mm.mmap_lock");
        renamedByHand.tryLock(cpa, 2, LockMode.SPIN);
        renamedByHand.tryLock(mmap, 0, LockMode.READ);
        renamedByHand.tryLock(mmap, 1, LockMode.READ);
        int[] rank = {2, 0, 1};
        int[] identity = {0, 1, 2};

        StringBuilder renamed = new StringBuilder();
        table.encodeRenamed(renamed, rank);
        StringBuilder expected = new StringBuilder();
        renamedByHand.encode(expected);
        assertEquals(expected.toString(), renamed.toString());
        assertEquals("cpa_lock=2;init_mm.mmap_lock=w-1r3;", renamed.toString());
        StringBuilder plain = new StringBuilder();
        table.encode(plain);
        assertEquals("cpa_lock=0;init_mm.mmap_lock=w-1r6;", plain.toString());

        assertEquals(fingerprint(renamedByHand, identity), fingerprint(table, rank));
        assertNotEquals(fingerprint(table, identity), fingerprint(table, rank));
    }

    @Test
    void theKeyTellsAWriterFromAReader() {
        table.tryLock(mmapLock, 1, LockMode.WRITE);
        LockTable reading = new LockTable();
        RwLock mmap = reading.rw("init_mm.mmap_lock");
        reading.spin("cpa_lock");
        reading.tryLock(mmap, 1, LockMode.READ);
        int[] identity = {0, 1};
        assertNotEquals(fingerprint(reading, identity), fingerprint(table, identity));
    }

    /** Only readers differ: the key must still tell them apart, and rename them with the CPUs. */
    @Test
    void theKeyTellsReadersApartAndRenamesThem() {
        table.tryLock(mmapLock, 1, LockMode.READ);
        LockTable other = new LockTable();
        other.spin("cpa_lock");
        RwLock mmap = other.rw("init_mm.mmap_lock");
        other.tryLock(mmap, 2, LockMode.READ);
        int[] identity = {0, 1, 2};
        int[] swap12 = {0, 2, 1};
        assertNotEquals(fingerprint(other, identity), fingerprint(table, identity));
        assertEquals(fingerprint(other, identity), fingerprint(table, swap12));
        StringBuilder renamed = new StringBuilder();
        table.encodeRenamed(renamed, swap12);
        assertEquals("cpa_lock=-1;init_mm.mmap_lock=w-1r4;", renamed.toString());
    }

    /** A lock registered after the holders' arrays grew has no slot yet: it reads as free, and keys so. */
    @Test
    void aLockRegisteredLaterIsFreeUntilTaken() {
        table.tryLock(mmapLock, 0, LockMode.READ);
        RwLock later = table.rw("later");
        SpinLock laterSpin = table.spin("later_spin");
        assertFalse(table.hasReaders(later));
        assertFalse(table.isReader(later, 0));
        assertEquals(SpinLock.UNLOCKED, table.writer(later));
        StringBuilder plain = new StringBuilder();
        table.encode(plain);
        assertEquals("cpa_lock=-1;later_spin=-1;init_mm.mmap_lock=w-1r1;later=w-1r0;", plain.toString());
        StringBuilder renamed = new StringBuilder();
        table.encodeRenamed(renamed, new int[] {0, 1});
        assertEquals(plain.toString(), renamed.toString());
        assertTrue(table.tryLock(later, 1, LockMode.WRITE));
        assertTrue(table.tryLock(laterSpin, 0, LockMode.SPIN));
        assertEquals(1, table.writer(later));
        assertTrue(table.isReader(mmapLock, 0), "growing kept the holds there were");
    }

    private static List<Long> fingerprint(LockTable t, int[] rank) {
        Fingerprint f = new Fingerprint();
        t.fingerprint(f, rank);
        return List.of(f.a(), f.b());
    }
}
