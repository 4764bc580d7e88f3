package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the search relies on from the RMP, beside its hardware semantics ({@link RmpTest}):
 * a snapshot's copy is independent, the state key tells apart every two
 * RMPs that differ, and it renames the CPU an RMPUPDATE is in flight on, which alone finishes it.
 */
class RmpKeyTest {
    private static final int[] IDENTITY = {0, 1};
    private static final int[] SWAPPED = {1, 0};

    private static String key(Rmp rmp, int[] order) {
        Fingerprint f = new Fingerprint();
        rmp.fingerprint(f, order, order); // for two CPUs a swap is its own inverse
        return f.a() + ":" + f.b();
    }

    private static String text(Rmp rmp, int[] order) {
        StringBuilder out = new StringBuilder();
        rmp.encodeRenamed(out, order, order);
        return out.toString();
    }

    private static Rmp updatingOn(int cpu, long pfn) {
        Rmp rmp = new Rmp();
        assertEquals(0, rmp.rmpupdate_start(cpu, pfn, RmpEntry.privateTo(1, pfn, PageSize.SIZE_4K)));
        return rmp;
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        Rmp rmp = updatingOn(0, 5);
        Rmp copy = rmp.copy(null);
        assertEquals(text(rmp, IDENTITY), text(copy, IDENTITY));
        assertEquals(key(rmp, IDENTITY), key(copy, IDENTITY));
        copy.rmpupdate_finish(0);
        assertEquals(0, copy.rmpupdate_start(1, 600, RmpEntry.privateTo(1, 600, PageSize.SIZE_4K)));
        assertTrue(copy.assigned(5));
        assertTrue(!rmp.assigned(5) && rmp.rangeIdle(600) && !rmp.rangeIdle(5), "the original is as it was");
    }

    @Test
    void theKeyTellsApartEveryFieldOfAnEntry() {
        List<RmpEntry> entries = List.of(RmpEntry.privateTo(1, 7, PageSize.SIZE_4K), RmpEntry.privateTo(2, 7, PageSize.SIZE_4K),
                RmpEntry.privateTo(1, 8, PageSize.SIZE_4K), new RmpEntry(false, 1, 7, PageSize.SIZE_4K));
        List<String> keys = entries.stream().map(e -> {
            Rmp rmp = new Rmp();
            rmp.bootAssign(7, e);
            return key(rmp, IDENTITY);
        }).toList();
        assertEquals(keys.size(), keys.stream().distinct().count(), keys.toString());
        Rmp atAnotherFrame = new Rmp();
        atAnotherFrame.bootAssign(8, entries.get(0));
        assertNotEquals(keys.get(0), key(atAnotherFrame, IDENTITY));
        Rmp large = new Rmp();
        large.bootAssign(0, RmpEntry.privateTo(1, 0, PageSize.SIZE_2M));
        Rmp small = new Rmp();
        small.bootAssign(0, RmpEntry.privateTo(1, 0, PageSize.SIZE_4K));
        assertNotEquals(key(large, IDENTITY), key(small, IDENTITY), "the page size");
    }

    @Test
    void theKeyTellsApartUpdatesInFlight() {
        List<String> keys = List.of(key(new Rmp(), IDENTITY), key(updatingOn(0, 5), IDENTITY), key(updatingOn(1, 5), IDENTITY),
                key(updatingOn(0, 6), IDENTITY), key(updatingOn(0, 517), IDENTITY));
        assertEquals(keys.size(), keys.stream().distinct().count(), keys.toString());
        Rmp shared = new Rmp();
        shared.rmpupdate_start(0, 5, RmpEntry.shared(PageSize.SIZE_4K));
        assertNotEquals(key(updatingOn(0, 5), IDENTITY), key(shared, IDENTITY), "the state being written");
    }

    @Test
    void renamingTheCpusMovesTheUpdateToTheCpuItIsRenamedTo() {
        assertEquals(key(updatingOn(1, 5), IDENTITY), key(updatingOn(0, 5), SWAPPED));
        assertEquals(text(updatingOn(1, 5), IDENTITY), text(updatingOn(0, 5), SWAPPED));
        assertNotEquals(text(updatingOn(0, 5), IDENTITY), text(updatingOn(1, 5), IDENTITY));
        Rmp entries = new Rmp();
        entries.bootAssign(3, RmpEntry.privateTo(1, 3, PageSize.SIZE_4K));
        assertEquals(key(entries, IDENTITY), key(entries, SWAPPED), "entries name no CPU");
        assertEquals(text(entries, IDENTITY), text(entries, SWAPPED));
        assertTrue(text(entries, IDENTITY).contains("3=assigned 4K"), text(entries, IDENTITY));
    }

    @Test
    void aCpuWithAnUpdateInFlightComesFirstThenByItsFrame() {
        Rmp rmp = updatingOn(1, 5);
        assertTrue(rmp.compareCpus(1, 0) < 0 && rmp.compareCpus(0, 1) > 0);
        assertEquals(0, new Rmp().compareCpus(0, 1));
        assertEquals(0, rmp.rmpupdate_start(0, 600, RmpEntry.privateTo(1, 600, PageSize.SIZE_4K)));
        assertTrue(rmp.compareCpus(1, 0) < 0, "frame 5 before frame 600");
    }

    @Test
    void anUpdateLeftInFlightIsAnInvariantBrokenAtTheEnd() {
        MachineCore core = new MachineCore(2, new long[0]);
        new Rmp().checkQuiescent(core);
        HazardException e = assertThrows(HazardException.class, () -> updatingOn(0, 5).checkQuiescent(core));
        assertEquals(Hazard.Kind.INVARIANT, e.hazard().kind());
    }

    @Test
    void onlyTheCpuThatStartedAnUpdateFinishesIt() {
        Rmp rmp = updatingOn(0, 5);
        assertThrows(IllegalStateException.class, () -> rmp.rmpupdate_finish(1));
        assertEquals(RmpEntry.privateTo(1, 5, PageSize.SIZE_4K), rmp.rmpupdate_finish(0));
    }

    @Test
    void aMalformedBootEntryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Rmp().bootAssign(1, RmpEntry.privateTo(1, 1, PageSize.SIZE_2M)));
    }

    @Test
    void describingListsEntriesThatDifferFromBoot() {
        Rmp rmp = new Rmp();
        assertEquals(List.of(), rmp.describe());
        rmp.bootAssign(0x10, RmpEntry.privateTo(2, 0x20, PageSize.SIZE_4K));
        assertEquals(1, rmp.describe().size());
        assertTrue(rmp.describe().get(0).contains("ASID 2"), rmp.describe().toString());
        rmp.bootAssign(0x10, RmpEntry.SHARED);
        assertEquals(List.of(), rmp.describe(), "a frame made shared again is the boot state");
    }

    @Test
    void a2mUpdateReplacesTheRangesFourKEntries() {
        Rmp rmp = new Rmp();
        rmp.bootAssign(0x201, RmpEntry.privateTo(1, 0x201, PageSize.SIZE_4K));
        rmp.bootAssign(0x3ff, RmpEntry.privateTo(1, 0x3ff, PageSize.SIZE_4K));
        rmp.bootAssign(0x400, RmpEntry.privateTo(1, 0x400, PageSize.SIZE_4K));
        rmp.bootAssign(0x200, RmpEntry.shared(PageSize.SIZE_2M));
        assertEquals(1, rmp.describe().size(), rmp.describe().toString());
        assertTrue(rmp.assigned(0x400), "the next range is untouched");
        assertTrue(!rmp.anyAssigned(0x200, 512));
    }
}
