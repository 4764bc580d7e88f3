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

    private Footprint recorded(Runnable call) {
        table.accesses.start();
        call.run();
        return table.accesses.stop();
    }

    /** What the footprint check holds each lock operation to: reads of the holders, writes when a hold changes. */
    @Test
    void eachOperationReportsWhatItReadsAndWrites() {
        Footprint looks = Footprint.NOTHING.readsHolders(cpaLock);
        assertEquals(looks, recorded(() -> table.owner(cpaLock)));
        assertEquals(looks.writesLock(cpaLock), recorded(() -> table.tryLock(cpaLock, 0, LockMode.SPIN)));
        assertEquals(looks, recorded(() -> table.tryLock(cpaLock, 1, LockMode.SPIN)), "a failed try only looks");
        assertEquals(looks, recorded(() -> table.unlock(cpaLock, 1, LockMode.SPIN)));
        assertEquals(looks.writesLock(cpaLock), recorded(() -> table.unlock(cpaLock, 0, LockMode.SPIN)));
        Footprint rw = Footprint.NOTHING.readsHolders(mmapLock);
        assertEquals(rw, recorded(() -> table.tryLock(mmapLock, 0, LockMode.READ)), "a read hold changes only its own bit");
        assertEquals(rw, recorded(() -> table.unlock(mmapLock, 0, LockMode.READ)));
        assertEquals(rw, recorded(() -> table.writer(mmapLock)));
        assertEquals(rw, recorded(() -> table.hasReaders(mmapLock)));
        assertEquals(rw, recorded(() -> table.isReader(mmapLock, 1)));
    }

    @Test
    void theMachineCountsAndTracesEveryHold() {
        MachineCore core = new MachineCore(2, new long[0]);
        SpinLock lock = core.boot().lock("pgd_lock");
        RwLock rw = core.boot().rwlock("mmap_lock");
        core.inspect().enableTrace();
        assertTrue(core.trylock(1, lock, LockMode.SPIN));
        assertFalse(core.trylock(0, lock, LockMode.SPIN));
        assertEquals(1, core.inspect().trace().size(), "a failed try is no step of the trace");
        assertEquals("spin_lock(&pgd_lock)", core.inspect().trace().get(0).action());
        core.unlock(1, lock, LockMode.SPIN);
        assertEquals("spin_unlock(&pgd_lock)", core.inspect().trace().get(1).action());
        core.trylock(0, rw, LockMode.READ);
        core.unlock(0, rw, LockMode.READ);
        core.trylock(0, rw, LockMode.WRITE);
        assertEquals(List.of("read_lock(&mmap_lock)", "read_unlock(&mmap_lock)", "write_lock(&mmap_lock)"),
                core.inspect().trace().subList(2, 5).stream().map(TraceEvent::action).toList());
        java.util.Map<String, Long> counters = core.inspect().counters();
        assertEquals(3, counters.size(), counters.toString());
        assertTrue(counters.values().stream().allMatch(n -> n == 1L), counters.toString());
        HazardException e = assertThrows(HazardException.class, () -> core.unlock(1, rw, LockMode.WRITE));
        assertTrue(e.hazard().message().startsWith("write_unlock(&mmap_lock) by a CPU that does not hold it"),
                e.hazard().message());
    }

    @Test
    void theRenamedTextRenamesOwnersWritersAndReaders() {
        RwLock other = table.rw("other");
        table.tryLock(cpaLock, 1, LockMode.SPIN);
        table.tryLock(mmapLock, 0, LockMode.READ);
        table.tryLock(mmapLock, 1, LockMode.READ);
        table.tryLock(other, 0, LockMode.WRITE);
        StringBuilder plain = new StringBuilder();
        table.encode(plain);
        StringBuilder identity = new StringBuilder();
        table.encodeRenamed(identity, new int[] {0, 1});
        StringBuilder swapped = new StringBuilder();
        table.encodeRenamed(swapped, new int[] {1, 0});
        assertEquals("cpa_lock=1;init_mm.mmap_lock=w-1r3;other=w0r0;", identity.toString());
        assertEquals("cpa_lock=0;init_mm.mmap_lock=w-1r3;other=w1r0;", swapped.toString());
        assertTrue(plain.toString().contains("cpa_lock") && plain.toString().contains("other"), plain.toString());
    }
}
