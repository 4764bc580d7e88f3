package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The words the machine uses in answers and traces: hazards, flush methods, locking rules, RMP
 * entries and checks, the pointers {@code lookup_address()} returns, and what a finished run
 * left behind. A reviewer reads these sentences, so each is pinned here.
 */
class MachineWordsTest {
    private static final Prot RW = Prot.KERNEL_RW;

    @Test
    void aHazardSaysWhereItAroseAndShowsItsEvidence() {
        Hazard stale = new Hazard(Hazard.Kind.H2_STALE_AFTER_COMPLETION, 7, 1, 0, "CPU1 still holds it",
                List.of("4K@0x0->0x0 RW NX"));
        assertEquals("H2 stale translation after completion at step 7 on CPU1: CPU1 still holds it [4K@0x0->0x0 RW NX]",
                stale.toString());
        Hazard atStepZero = new Hazard(Hazard.Kind.H5_LEAK, 0, 0, 0, "leaked", List.of());
        assertEquals("H5 leaked object at step 0 on CPU0: leaked", atStepZero.toString(), "no evidence, no brackets");
        Hazard atTheEnd = new Hazard(Hazard.Kind.H5_LEAK, -1, 0, 0, "leaked", List.of());
        assertEquals("H5 leaked object at quiescence on CPU0: leaked", atTheEnd.toString());
    }

    @Test
    void aDeadlockNamesEveryCpuThatCouldNotFinish() {
        Hazard deadlock = Hazard.deadlock(12, List.of(0, 2));
        assertEquals(Hazard.Kind.DEADLOCK, deadlock.kind());
        assertEquals(12, deadlock.step());
        assertEquals("no CPU can move and CPU0, CPU2 did not finish", deadlock.message());
    }

    @Test
    void onlyHardwareAndFinalStateHazardsMayBeLeftOutOfAQuestion() {
        assertTrue(Hazard.Kind.H1_MIXED_SIZE_CONFLICT.optional());
        assertTrue(Hazard.Kind.LOST_UPDATE.optional());
        assertFalse(Hazard.Kind.INVARIANT.optional(), "a broken model invariant ends the run");
        assertFalse(Hazard.Kind.DEADLOCK.optional());
    }

    @Test
    void aFlushMethodIsSpelledAsTheCatalogueSpellsIt() {
        assertSame(FlushMethod.IPI, FlushMethod.parse("ipi"));
        assertSame(FlushMethod.INVLPGB, FlushMethod.parse("invlpgb"));
        assertEquals("invlpgb", FlushMethod.INVLPGB.toString());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> FlushMethod.parse("tlbi"));
        assertEquals("unknown flush 'tlbi'; known: [ipi, invlpgb]", unknown.getMessage());
        assertEquals("flush_tlb_all() by IPI", FlushMethod.IPI.describe());
        assertEquals("flush_tlb_all() by INVLPGB + TLBSYNC (no IPIs)", FlushMethod.INVLPGB.describe());
    }

    @Test
    void aLockingRuleCoversOnlyWritesToWhatItProtects() {
        MachineCore core = new MachineCore(2, new long[] {0});
        SpinLock cpaLock = core.boot().lock("cpa_lock");
        LockRule rule = new LockRule(Footprint.NOTHING.writesPageTables(), cpaLock);
        assertTrue(rule.covers(Footprint.NOTHING.writesPageTables().readsRcu()));
        assertFalse(rule.covers(Footprint.NOTHING.readsPageTables()), "a read of the direct map needs no lock");
        assertFalse(rule.covers(Footprint.NOTHING.writesRcu()));
        assertEquals("writes to " + Footprint.NOTHING.writesPageTables().writtenObjects() + " only under cpa_lock",
                rule.toString());
        assertEquals("cpa_lock", cpaLock.toString());
    }

    @Test
    void rmpEntriesAndLookupsReadAsTheKernelNamesThem() {
        assertEquals("shared 4K", RmpEntry.SHARED.toString());
        assertEquals("shared 2M", RmpEntry.shared(PageSize.SIZE_2M).toString());
        assertEquals("assigned 2M ASID 3 gpa 0x200", RmpEntry.privateTo(3, 0x200, PageSize.SIZE_2M).toString());
        assertEquals("assigned at 4K", new Rmp.Lookup(true, PageSize.SIZE_4K).toString());
        assertEquals("shared at 2M", new Rmp.Lookup(false, PageSize.SIZE_2M).toString());
    }

    @Test
    void aHostWriteCheckSaysWhichTranslationFaultsAndWhy() {
        TlbEntry small = new TlbEntry(0x200, PageSize.SIZE_4K, 0x200, RW);
        TlbEntry large = new TlbEntry(0x200, PageSize.SIZE_2M, 0x200, RW);
        assertEquals("no translation of 0x201", new Rmp.HostWriteCheck(0x201, List.of(), null, -1).toString());
        assertEquals("passes through [" + small + "]", new Rmp.HostWriteCheck(0x200, List.of(small), null, -1).toString());
        assertEquals("faults: through " + small + " frame 0x200 is assigned",
                new Rmp.HostWriteCheck(0x200, List.of(small), small, 0x200).toString());
        assertEquals("faults: through " + large + " frame 0x3ff of that 2M range is assigned",
                new Rmp.HostWriteCheck(0x200, List.of(large), large, 0x3ff).toString());
    }

    @Test
    void aPointerToAnEntryNamesItsLevelTableAndSlot() {
        PteRef pmd = new PteRef(2, 1, PageSize.SIZE_2M);
        assertEquals("pmd@table#2[1]", pmd.toString());
        assertEquals("pte@table#3[0]", new PteRef(3, 0, PageSize.SIZE_4K).toString());
        assertEquals("pud@table#1[0]", new PteRef(1, 0, PageSize.SIZE_1G).toString());
        MachineCore core = new MachineCore(1, new long[] {0});
        core.boot().map(0, PageSize.SIZE_4K, RW);
        Pte leaf = core.lookup_address(0, 0).value();
        assertEquals("pmd@table#2[1] = " + leaf, new Lookup(pmd, leaf).toString());
    }

    @Test
    void splittingGoesDownOneLevelAndStopsAt4K() {
        assertSame(PageSize.SIZE_2M, PageSize.SIZE_1G.smaller());
        assertSame(PageSize.SIZE_4K, PageSize.SIZE_2M.smaller());
        assertThrows(IllegalStateException.class, PageSize.SIZE_4K::smaller);
    }

    @Test
    void numbersPrintAsTheKernelPrintsThem() {
        assertEquals("0x200", Hex.of(0x200));
        assertEquals("[0x0, 0x1ff]", Hex.of(List.of(0L, 0x1ffL)));
        assertEquals("wbinvd", Caches.WBINVD.describe());
        assertEquals("wbnoinvd", Caches.WBNOINVD.describe());
    }

    @Test
    void whatARunLeftBehindListsEachWatchedPageAndEachCpusTlb() {
        MachineCore core = new MachineCore(2, new long[] {0, 1});
        core.boot().map(0, PageSize.SIZE_4K, RW).fillTlbs();
        String outcome = core.inspect().outcome();
        assertTrue(outcome.startsWith("page 0x0 -> 4K pfn 0x0 RW NX\npage 0x1 -> none\n"), outcome);
        assertTrue(outcome.contains("CPU0 TLB [4K@0x0->0x0 RW NX]\n"), outcome);
        assertTrue(outcome.contains("CPU1 TLB [4K@0x0->0x0 RW NX]\n"), outcome);
        assertFalse(outcome.contains("walks through"), "no CPU caches a table the live ones no longer reach");
    }

    @Test
    void bootChainsEveryChoice() {
        MachineCore core = new MachineCore(2, new long[] {0});
        Boot boot = core.boot();
        assertSame(boot, boot.flush(FlushMethod.INVLPGB));
        assertSame(boot, boot.countOnly(Set.of(Hazard.Kind.H1_MIXED_SIZE_CONFLICT)));
        assertSame(FlushMethod.INVLPGB, core.interrupts.flush());
    }

    @Test
    void aDeviceThatDoesNotRenameCpusRefusesAnyOrderButTheIdentity() {
        Device plain = new Device() {
            @Override public void encode(StringBuilder out) { out.append("plain;"); }
            @Override public Device copy(MachineCore into) { return this; }
        };
        StringBuilder text = new StringBuilder();
        plain.encodeRenamed(text, new int[] {0, 1}, new int[] {0, 1});
        assertEquals("plain;", text.toString());
        assertThrows(IllegalStateException.class, () -> plain.encodeRenamed(new StringBuilder(), new int[] {1, 0}, new int[] {1, 0}));
        StringBuilder outcome = new StringBuilder();
        plain.outcome(outcome);
        assertEquals("plain;", outcome.toString(), "its outcome is its text");
    }

    @Test
    void aDevicesQuiescentCheckRunsWhenEveryCpuIsDone() {
        MachineCore core = new MachineCore(1, new long[] {0});
        core.boot().attach(new Device() {
            @Override public void encode(StringBuilder out) { }
            @Override public Device copy(MachineCore into) { return this; }
            @Override public void checkQuiescent(MachineCore machine) {
                throw new HazardException(new Hazard(Hazard.Kind.H5_LEAK, -1, 0, 0, "a shadow page is orphaned", List.of()));
            }
        });
        HazardException leak = assertThrows(HazardException.class, core::checkQuiescent);
        assertEquals("a shadow page is orphaned", leak.hazard().message());
    }

    @Test
    void recordingPausesForTheTraceAndResumesAsItWas() {
        Accesses accesses = new Accesses();
        assertFalse(accesses.pause(), "nothing was being recorded");
        accesses.start();
        assertTrue(accesses.on());
        assertTrue(accesses.pause());
        assertFalse(accesses.on());
        accesses.rcu(true);
        accesses.resume(true);
        accesses.rcu(false);
        assertEquals(Footprint.NOTHING.readsRcu(), accesses.stop(), "the write made while paused is not recorded");
        assertFalse(accesses.on());
    }

    /** Kernel code, as far as traces and rule messages are concerned. */
    static final class KernelCode implements KernelSource {
        String caller() {
            return RuleBroken.where();
        }

        String fromALambda() {
            java.util.function.Supplier<String> inner = RuleBroken::where;
            return inner.get();
        }
    }

    @Test
    void aBrokenRuleNamesTheInnermostLineOfKernelCode() {
        assertTrue(new KernelCode().caller().matches("MachineWordsTest\\.java:\\d+ \\(caller\\)"), new KernelCode().caller());
        assertTrue(new KernelCode().fromALambda().matches("MachineWordsTest\\.java:\\d+ \\(fromALambda\\)"),
                new KernelCode().fromALambda());
        assertEquals("(no kernel code on the stack)", RuleBroken.where());
    }
}
