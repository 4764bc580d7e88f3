package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hazard monitor's verdicts on returned changes (H2 and lost updates), its leaks at the end
 * (H5), the question that leaves hazards out, and its one piece of state, the changes that
 * returned, in the key in any order and renamed with their CPUs.
 */
class HazardMonitorTest {
    private static final Prot RO = Prot.KERNEL_RW.withRw(false);
    private final MachineCore core = new MachineCore(2, new long[] {0, 1});

    HazardMonitorTest() {
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW).map(1, PageSize.SIZE_4K, Prot.KERNEL_RW).fillTlbs();
    }

    private void setProt(int cpu, long page, Prot prot) {
        setProt(core, cpu, page, prot);
    }

    private static void setProt(MachineCore machine, int cpu, long page, Prot prot) {
        Lookup pte = machine.lookup_address(cpu, page);
        machine.set_entry(cpu, "set_pte_atomic", pte.kpte(), pte.value().withProt(prot), page);
    }

    private static String key(MachineCore machine, int... order) {
        Fingerprint f = new Fingerprint();
        machine.inspect().renumberedFingerprint(order, f);
        return f.a() + ":" + f.b();
    }

    @Test
    void aChangeThatPromisedNoFlushIsNotCheckedForStaleEntries() {
        setProt(0, 0, RO);
        core.change_returned(0, new long[] {0}, RO, FlushScope.NONE);
    }

    @Test
    void aLocalFlushPromiseChecksOnlyTheCallersTlb() {
        setProt(0, 0, RO);
        assertThrows(HazardException.class, () -> core.copy().change_returned(0, new long[] {0}, RO, FlushScope.LOCAL),
                "CPU0 holds the old entry too");
        core.flush_tlb_one_kernel(0, 0);
        core.change_returned(0, new long[] {0}, RO, FlushScope.LOCAL);
        HazardException h2 = assertThrows(HazardException.class,
                () -> core.copy().change_returned(0, new long[] {0}, RO, FlushScope.ALL));
        assertEquals(Hazard.Kind.H2_STALE_AFTER_COMPLETION, h2.hazard().kind());
        assertEquals(1, h2.hazard().cpu());
        assertEquals(0, h2.hazard().actorCpu());
        assertTrue(h2.hazard().message().startsWith("change of 0x0 returned but CPU1 still holds"), h2.hazard().message());
    }

    @Test
    void anEntryALaterChangeReplacedIsNotTheReturningChangesStaleEntry() {
        setProt(0, 0, RO);
        core.flush_tlb_local(0);
        core.flush_tlb_local(1);
        setProt(1, 0, Prot.KERNEL_RW); // another CPU changes it back, its flush still to come
        core.change_returned(0, new long[] {0}, RO, FlushScope.ALL); // every entry held is RO or the live RW
    }

    @Test
    void aReturnedChangeTheTablesNoLongerHoldIsALostUpdate() {
        setProt(0, 0, RO);
        core.flush_tlb_local(0);
        core.flush_tlb_local(1);
        core.change_returned(0, new long[] {0}, RO, FlushScope.ALL);
        MachineCore overwritten = core.copy(); // a copied machine is not written again: go on in copies
        core.copy().checkQuiescent();
        setProt(overwritten, 1, 0, Prot.KERNEL_RW);
        HazardException lost = assertThrows(HazardException.class, () -> overwritten.copy().checkQuiescent());
        assertEquals(Hazard.Kind.LOST_UPDATE, lost.hazard().kind());
        assertEquals(0, lost.hazard().cpu());
        overwritten.change_returned(1, new long[] {0}, Prot.KERNEL_RW, FlushScope.NONE);
        overwritten.checkQuiescent(); // the later change returned too: the tables hold one of them
    }

    @Test
    void aQuestionThatLeavesAHazardOutDoesNotRaiseIt() {
        setProt(0, 0, RO);
        core.boot().countOnly(Set.of(Hazard.Kind.H1_MIXED_SIZE_CONFLICT));
        core.change_returned(0, new long[] {0}, RO, FlushScope.ALL); // H2 left out
        core.alloc_table(0, PageSize.SIZE_4K);
        setProt(1, 0, Prot.KERNEL_RW);
        core.copy().checkQuiescent(); // neither the leak nor the lost update is asked about
        MachineCore leaks = core.copy();
        leaks.boot().countOnly(Set.of(Hazard.Kind.H5_LEAK));
        assertEquals(Hazard.Kind.H5_LEAK, assertThrows(HazardException.class, leaks::checkQuiescent).hazard().kind());
        MachineCore loses = core.copy();
        loses.boot().countOnly(Set.of(Hazard.Kind.LOST_UPDATE));
        assertEquals(Hazard.Kind.LOST_UPDATE, assertThrows(HazardException.class, loses::checkQuiescent).hazard().kind());
    }

    @Test
    void aLeakNamesTheTablesNeitherReachableNorFreed() {
        int table = core.alloc_table(1, PageSize.SIZE_4K);
        HazardException leak = assertThrows(HazardException.class, core::checkQuiescent);
        assertEquals(Hazard.Kind.H5_LEAK, leak.hazard().kind());
        assertTrue(leak.hazard().message().endsWith("table#[" + table + "]"), leak.hazard().message());
    }

    @Test
    void returnedChangesAreASetInTheKeyRenamedWithTheirCpus() {
        MachineCore a = core.copy();
        MachineCore b = core.copy();
        a.change_returned(0, new long[] {0}, Prot.KERNEL_RW, FlushScope.NONE);
        a.change_returned(1, new long[] {1}, Prot.KERNEL_RW, FlushScope.NONE);
        b.change_returned(1, new long[] {1}, Prot.KERNEL_RW, FlushScope.NONE);
        b.change_returned(0, new long[] {0}, Prot.KERNEL_RW, FlushScope.NONE);
        assertEquals(key(a, 0, 1), key(b, 0, 1), "in either order");
        assertEquals(a.inspect().encodeState(), b.inspect().encodeState());
        MachineCore c = core.copy();
        c.change_returned(1, new long[] {0}, Prot.KERNEL_RW, FlushScope.NONE);
        c.change_returned(0, new long[] {1}, Prot.KERNEL_RW, FlushScope.NONE);
        assertNotEquals(key(a, 0, 1), key(c, 0, 1));
        assertEquals(key(a, 0, 1), key(c, 1, 0), "the same changes, by the CPUs renamed");
        assertEquals(a.inspect().encodeState(new int[] {0, 1}), c.inspect().encodeState(new int[] {1, 0}));
        MachineCore d = core.copy();
        d.change_returned(0, new long[] {0}, RO, FlushScope.NONE);
        d.change_returned(1, new long[] {1}, Prot.KERNEL_RW, FlushScope.NONE);
        assertNotEquals(key(a, 0, 1), key(d, 0, 1), "the protection returned");
        assertTrue(a.inspect().outcome().contains("returned [Returned[cpu=0, page=0"), a.inspect().outcome());
    }

    @Test
    void anAccessChecksForMixedSizesAndForAPageMappedNowhere() {
        MachineCore split = new MachineCore(2, new long[] {1});
        split.boot().map(0, PageSize.SIZE_2M, Prot.KERNEL_RW).fillTlbs();
        split.tlbs.preload(1, new TlbEntry(1, PageSize.SIZE_4K, 1, RO));
        HazardException h1 = assertThrows(HazardException.class, () -> split.copy().touch(1, 1));
        assertEquals(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, h1.hazard().kind());
        assertEquals(List.of("large: " + new TlbEntry(0, PageSize.SIZE_2M, 0, Prot.KERNEL_RW),
                "small: " + new TlbEntry(1, PageSize.SIZE_4K, 1, RO)), h1.hazard().evidence());
        MachineCore unasked = split.copy();
        unasked.boot().countOnly(Set.of(Hazard.Kind.H6_NOT_PRESENT_ACCESS));
        unasked.touch(1, 1); // H1 left out of the question
        MachineCore nowhere = new MachineCore(1, new long[] {7});
        HazardException h6 = assertThrows(HazardException.class, () -> nowhere.touch(0, 7));
        assertEquals(Hazard.Kind.H6_NOT_PRESENT_ACCESS, h6.hazard().kind());
        assertTrue(h6.hazard().message().contains("map it nowhere"), h6.hazard().message());
    }

    @Test
    void freeingATableAWalkerIsInsideNamesTheWalker() {
        MachineCore core = new MachineCore(3, new long[] {0x200});
        for (long page = 0x200; page < 0x202; page++) core.boot().map(page, PageSize.SIZE_4K, Prot.KERNEL_RW);
        Lookup pmd = core.walk_to(2, 0x200, PageSize.SIZE_2M);
        int table = pmd.value().table();
        core.read_ptes(1, table, 0x200); // CPU1 scans it: the watched entry 0 is still to read
        core.set_entry(0, "set_pmd", pmd.kpte(), Pte.leaf(PageSize.SIZE_2M, 0x200, Prot.KERNEL_RW), 0x200);
        HazardException scanning = assertThrows(HazardException.class,
                () -> core.copy().free_table(0, "pagetable_free", table, true));
        assertTrue(scanning.hazard().message().contains("CPU1 is scanning it"), scanning.hazard().message());
        core.read_pte(1, new PteRef(table, 0, PageSize.SIZE_4K)); // the scan is done
        HazardException h7 = assertThrows(HazardException.class, () -> core.copy().free_table(0, "pagetable_free", table, true));
        assertEquals(2, h7.hazard().cpu(), "CPU2 is inside it");
        assertEquals(0, h7.hazard().actorCpu());
        assertTrue(h7.hazard().message().contains("CPU2 walks it locklessly"), h7.hazard().message());
    }

    @Test
    void theRenamedTextOfReturnedChangesIgnoresTheirOrder() {
        MachineCore other = core.copy();
        core.change_returned(0, new long[] {0}, Prot.KERNEL_RW, FlushScope.NONE);
        core.change_returned(1, new long[] {1}, Prot.KERNEL_RW, FlushScope.NONE);
        other.change_returned(1, new long[] {1}, Prot.KERNEL_RW, FlushScope.NONE);
        other.change_returned(0, new long[] {0}, Prot.KERNEL_RW, FlushScope.NONE);
        assertEquals(core.inspect().encodeState(new int[] {0, 1}), other.inspect().encodeState(new int[] {0, 1}));
    }
}
