package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The RMP's hardware semantics: RMPUPDATE, FAIL_OVERLAP, PSMASH and the checks on accesses. */
class RmpTest {
    private final Rmp rmp = new Rmp();

    private static TlbEntry tlb(long base, PageSize size) {
        return new TlbEntry(base, size, base, Prot.KERNEL_RW);
    }

    private void makePrivate(int cpu, long pfn, PageSize size) {
        assertEquals(0, rmp.rmpupdate_start(cpu, pfn, RmpEntry.privateTo(1, pfn, size)));
        rmp.rmpupdate_finish(cpu);
    }

    @Test
    void aSecondUpdateInTheSame2mRangeFailsWithOverlapUntilTheFirstCompletes() {
        assertEquals(0, rmp.rmpupdate_start(0, 0, RmpEntry.privateTo(1, 0, PageSize.SIZE_4K)));
        assertEquals(Rmp.RMPUPDATE_FAIL_OVERLAP, rmp.rmpupdate_start(1, 1, RmpEntry.privateTo(1, 1, PageSize.SIZE_4K)));
        assertFalse(rmp.rangeIdle(511));
        assertEquals(0, rmp.rmpupdate_start(2, 512, RmpEntry.privateTo(1, 512, PageSize.SIZE_4K)),
                "another 2M range is not locked");
        assertFalse(rmp.assigned(0), "the entry is written only when the update completes");
        rmp.rmpupdate_finish(0);
        assertTrue(rmp.assigned(0));
        assertTrue(rmp.rangeIdle(1));
        assertEquals(0, rmp.rmpupdate_start(1, 1, RmpEntry.privateTo(1, 1, PageSize.SIZE_4K)), "the retry succeeds");
    }

    @Test
    void psmashTurnsOne2mEntryInto512AssignedFourKEntriesKeepingTheGpa() {
        makePrivate(0, 0x200, PageSize.SIZE_2M);
        assertEquals(new Rmp.Lookup(true, PageSize.SIZE_2M), rmp.lookup(0x3ff));
        assertEquals(0, rmp.psmash(0x200));
        for (long pfn = 0x200; pfn < 0x400; pfn++) {
            assertEquals(RmpEntry.privateTo(1, pfn, PageSize.SIZE_4K), rmp.authoritative(pfn));
        }
        assertEquals(Rmp.FAIL_INPUT, rmp.psmash(0x200), "nothing left to split: the loser's PSMASH fails");
        assertEquals(new Rmp.Lookup(true, PageSize.SIZE_4K), rmp.lookup(0x201));
    }

    @Test
    void psmashDuringAnUpdateOfTheRangeIsInUse() {
        makePrivate(0, 0x200, PageSize.SIZE_2M);
        assertEquals(0, rmp.rmpupdate_start(1, 0x200, RmpEntry.shared(PageSize.SIZE_2M)));
        assertEquals(Rmp.FAIL_INUSE, rmp.psmash(0x200));
    }

    @Test
    void malformedUpdatesFailWithFailInput() {
        assertEquals(Rmp.FAIL_INPUT, rmp.rmpupdate_start(0, 0x201, RmpEntry.privateTo(1, 0x201, PageSize.SIZE_2M)),
                "a 2M entry must sit at a 2M-aligned frame");
        assertEquals(Rmp.FAIL_INPUT, rmp.rmpupdate_start(0, 0x200, RmpEntry.privateTo(1, 0x201, PageSize.SIZE_2M)),
                "and map a 2M-aligned gpa");
        makePrivate(0, 0x205, PageSize.SIZE_4K);
        assertEquals(Rmp.FAIL_INPUT, rmp.rmpupdate_start(0, 0x200, RmpEntry.privateTo(1, 0x200, PageSize.SIZE_2M)),
                "no 2M assignment over an assigned 4K frame");
        makePrivate(0, 0x400, PageSize.SIZE_2M);
        assertEquals(Rmp.FAIL_INPUT, rmp.rmpupdate_start(0, 0x401, RmpEntry.shared(PageSize.SIZE_4K)),
                "a 4K update inside a 2M entry needs PSMASH first");
        assertTrue(rmp.rangeIdle(0x401), "a failed update locks nothing");
    }

    @Test
    void aHostWriteThrough4kFaultsOnlyOnAnAssignedTarget() {
        makePrivate(0, 0, PageSize.SIZE_4K);
        assertTrue(rmp.check_host_write(0, List.of(tlb(0, PageSize.SIZE_4K))).faults());
        assertFalse(rmp.check_host_write(1, List.of(tlb(1, PageSize.SIZE_4K))).faults());
    }

    @Test
    void aHostWriteThrough2mFaultsWhenAnyFrameOfThat2mRangeIsAssigned() {
        makePrivate(0, 7, PageSize.SIZE_4K);
        Rmp.HostWriteCheck check = rmp.check_host_write(1, List.of(tlb(0, PageSize.SIZE_2M)));
        assertTrue(check.faults());
        assertEquals(7, check.assignedFrame());
        assertFalse(rmp.check_host_write(513, List.of(tlb(512, PageSize.SIZE_2M))).faults(),
                "the next 2M range holds no private frame");
    }

    @Test
    void aHostWriteThrough1gIsCheckedAt2mGranularity() {
        makePrivate(0, 0, PageSize.SIZE_4K);
        TlbEntry oneGig = tlb(0, PageSize.SIZE_1G);
        assertTrue(rmp.check_host_write(1, List.of(oneGig)).faults());
        assertFalse(rmp.check_host_write(512, List.of(oneGig)).faults(),
                "a 1G mapping to another 2M range is not checked against this one");
    }

    @Test
    void aHostWriteFaultsIfAnyTranslationTheCpuHoldsWould() {
        makePrivate(0, 0, PageSize.SIZE_4K);
        Rmp.HostWriteCheck check = rmp.check_host_write(1, List.of(tlb(1, PageSize.SIZE_4K), tlb(0, PageSize.SIZE_2M)));
        assertTrue(check.faults(), "the stale 2M entry may be the one used");
        assertEquals(PageSize.SIZE_2M, check.faulting().size());
    }

    @Test
    void aGuestAccessThroughA4kNptMappingOfA2mEntryIsASizeMismatch() {
        makePrivate(0, 0x200, PageSize.SIZE_2M);
        assertEquals(Rmp.NestedFault.RMP_SIZEM, rmp.check_guest_access(1, 0x201, 0x201, PageSize.SIZE_4K));
        assertEquals(Rmp.NestedFault.NONE, rmp.check_guest_access(1, 0x201, 0x201, PageSize.SIZE_2M));
        assertEquals(Rmp.NestedFault.NPT_MISS, rmp.check_guest_access(2, 0x201, 0x201, PageSize.SIZE_2M),
                "another guest's page");
        rmp.psmash(0x200);
        assertEquals(Rmp.NestedFault.NONE, rmp.check_guest_access(1, 0x201, 0x201, PageSize.SIZE_4K));
        assertEquals(Rmp.NestedFault.RMP, rmp.check_guest_access(1, 0x202, 0x201, PageSize.SIZE_4K),
                "assigned at another gpa");
    }

    @Test
    void psmashStaysInsideItsRange() {
        makePrivate(0, 0x200, PageSize.SIZE_2M);
        rmp.psmash(0x200);
        assertFalse(rmp.assigned(0x400), "the first frame of the next 2M range is not touched");
    }

    @Test
    void frameZeroCountsAsAssigned() {
        makePrivate(0, 0, PageSize.SIZE_4K);
        assertTrue(rmp.anyAssigned(0, 512));
    }

    @Test
    void a4kEntryAtTheRangesBaseSpeaksOnlyForItsOwnFrame() {
        makePrivate(0, 0x200, PageSize.SIZE_4K);
        assertFalse(rmp.anyAssigned(0x205, 3), "only 0x200 is assigned");
        assertEquals(0, rmp.rmpupdate_start(1, 0x201, RmpEntry.privateTo(1, 0x201, PageSize.SIZE_4K)),
                "a 4K entry, unlike a 2M one, needs no PSMASH before its neighbours change");
    }

    @Test
    void aCopyCarriesTheUpdateInFlight() {
        makePrivate(0, 0x400, PageSize.SIZE_4K);
        assertEquals(0, rmp.rmpupdate_start(1, 0x200, RmpEntry.privateTo(1, 0x200, PageSize.SIZE_4K)));
        Rmp copy = rmp.copy(null);
        assertFalse(copy.rangeIdle(0x200));
        assertTrue(copy.assigned(0x400), "and the entries written before");
        copy.rmpupdate_finish(1);
        assertTrue(copy.assigned(0x200));
        assertFalse(rmp.assigned(0x200), "the original's update is still in flight");
    }
}
