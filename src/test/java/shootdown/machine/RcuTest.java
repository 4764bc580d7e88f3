package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RCU on the machine: grace periods, callbacks as moves of their own, and H7 at a free. */
class RcuTest {
    private final MachineCore core = new MachineCore(3, new long[0]);
    private final List<String> ran = new ArrayList<>();

    private RcuCallback callback(String name) {
        return new RcuCallback() {
            @Override
            public void invoke(MachineCore machine) {
                ran.add(name);
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    private List<Integer> runnable() {
        List<Integer> out = new ArrayList<>();
        for (int[] move : core.inspect().deliverableIpis()) out.add(move[0]);
        return out;
    }

    @Test
    void aCallbackWaitsOnlyForTheCpusReadingWhenItWasQueued() {
        core.rcu.lock(1);
        assertEquals(-1, core.rcu.queue(0, callback("free")), "CPU1 is reading: not at once");
        core.rcu.lock(2); // a reader that came later cannot hold what was unlinked before
        assertTrue(runnable().isEmpty());
        assertEquals(List.of(), core.rcu.unlock(core, 2), "CPU2 was not waited for");
        List<Integer> ended = core.rcu.unlock(core, 1);
        assertEquals(1, ended.size(), "CPU1's unlock ends the grace period");
        assertEquals(ended, runnable(), "an exploring engine may now take it as a move");
        core.deliver_ipi(ended.get(0), 0);
        assertEquals(List.of("free"), ran);
        assertTrue(core.inspect().pendingIpis().isEmpty());
    }

    @Test
    void withNobodyReadingACallbackMayRunAtOnce() {
        int id = core.rcu.queue(0, callback("free"));
        assertTrue(Rcu.isCallback(id));
        assertEquals(List.of(id), runnable());
    }

    @Test
    void nestedSectionsEndAtTheOutermostUnlock() {
        core.rcu.lock(1);
        core.rcu.lock(1);
        core.rcu.queue(0, callback("free"));
        assertEquals(List.of(), core.rcu.unlock(core, 1));
        assertTrue(runnable().isEmpty(), "still inside the outer section");
        assertEquals(1, core.rcu.unlock(core, 1).size());
    }

    @Test
    void aCallbackCannotRunBeforeItsGracePeriod() {
        core.rcu.lock(1);
        core.rcu.queue(0, callback("free"));
        PendingIpi pending = core.inspect().pendingIpis().get(0);
        assertFalse(pending.deliverable());
        assertEquals(0, pending.target(), "it runs on the CPU that queued it");
        assertThrows(IllegalStateException.class, () -> core.deliver_ipi(pending.batch(), 0));
    }

    @Test
    void freeingWhatAnotherReaderHoldsIsH7() {
        core.rcu.lock(1);
        core.rcu.rcu_dereference(core, 1, 7, "table 7");
        core.rcu.checkFree(core, 0, 8, "table 8"); // nobody holds it
        core.rcu.checkFree(core, 1, 7, "table 7"); // the CPU that unlinked it answers for it
        HazardException e = assertThrows(HazardException.class, () -> core.rcu.checkFree(core, 0, 7, "table 7"));
        assertEquals(Hazard.Kind.H7_FREED_TABLE_REACHABLE, e.hazard().kind());
        assertEquals(1, e.hazard().cpu(), "the reader is the victim");
        assertEquals(0, e.hazard().actorCpu());
    }

    @Test
    void heldPointersDieWithTheReadSection() {
        core.rcu.lock(1);
        core.rcu.rcu_dereference(core, 1, 7, "table 7");
        core.rcu.unlock(core, 1);
        core.rcu.checkFree(core, 0, 7, "table 7");
    }

    @Test
    void misuseIsAnInvariant() {
        assertEquals(Hazard.Kind.INVARIANT,
                assertThrows(HazardException.class, () -> core.rcu.unlock(core, 0)).hazard().kind());
        assertEquals(Hazard.Kind.INVARIANT, assertThrows(HazardException.class,
                () -> core.rcu.rcu_dereference(core, 0, 7, "table 7")).hazard().kind());
        core.rcu.lock(2);
        HazardException inside = assertThrows(HazardException.class, core::checkQuiescent);
        assertTrue(inside.hazard().message().contains("finished inside rcu_read_lock()"), inside.hazard()::message);
        core.rcu.unlock(core, 2);
        core.rcu.lock(2);
        core.rcu.queue(0, callback("free"));
        core.rcu.unlock(core, 2);
        HazardException never = assertThrows(HazardException.class, core::checkQuiescent);
        assertTrue(never.hazard().message().contains("never ran"), never.hazard()::message);
    }

    @Test
    void aSnapshotStepsApart() {
        core.rcu.lock(1);
        MachineCore copy = core.copy();
        copy.rcu.unlock(copy, 1);
        assertTrue(core.rcu.reading(1));
        assertFalse(copy.rcu.reading(1));
    }

    @Test
    void renumberingCpusGivesTheSameFingerprint() {
        MachineCore other = new MachineCore(3, new long[0]);
        core.rcu.lock(1);
        core.rcu.queue(1, callback("free"));
        other.rcu.lock(2);
        other.rcu.queue(2, callback("free"));
        assertNotEquals(key(core, null), key(other, null));
        assertEquals(key(core, new int[] {0, 1, 2}), key(other, new int[] {0, 2, 1}));
    }

    private static String key(MachineCore machine, int[] order) {
        Fingerprint f = new Fingerprint();
        int[] rank = new int[3];
        int[] o = order == null ? new int[] {0, 1, 2} : order;
        for (int k = 0; k < 3; k++) rank[o[k]] = k;
        machine.rcu.fingerprint(f, o, rank);
        return f.a() + ":" + f.b();
    }

    private static String text(MachineCore machine, int[] order) {
        StringBuilder out = new StringBuilder();
        int[] rank = new int[3];
        for (int k = 0; k < 3; k++) rank[order[k]] = k;
        machine.rcu.encodeRenamed(out, order, rank);
        return out.toString();
    }

    /** What the symmetric key merges, the renamed text must show to be one state (the symmetry check compares it). */
    @Test
    void theRenamedTextAgreesWithTheRenamedKey() {
        MachineCore other = new MachineCore(3, new long[0]);
        core.rcu.lock(0);
        core.rcu.rcu_dereference(core, 0, 7, "table 7");
        core.rcu.lock(1);
        core.rcu.queue(1, callback("free"));
        other.rcu.lock(2);
        other.rcu.rcu_dereference(other, 2, 7, "table 7");
        other.rcu.lock(0);
        other.rcu.queue(0, callback("free"));
        int[] identity = {0, 1, 2};
        int[] order = {2, 0, 1};
        assertEquals(text(core, identity), text(other, order));
        assertNotEquals(text(core, identity), text(other, identity));
        StringBuilder plain = new StringBuilder();
        core.rcu.encode(plain);
        assertEquals(plain.toString(), text(core, identity), "the identity renames nothing");
        assertTrue(plain.toString().contains("cb1w3free"), plain.toString());
    }

    @Test
    void whatAReaderHoldsIsPartOfTheKey() {
        MachineCore other = new MachineCore(3, new long[0]);
        core.rcu.lock(1);
        other.rcu.lock(1);
        assertEquals(key(core, null), key(other, null));
        core.rcu.rcu_dereference(core, 1, 7, "table 7");
        assertNotEquals(key(core, null), key(other, null));
        other.rcu.rcu_dereference(other, 1, 8, "table 8");
        assertNotEquals(key(core, null), key(other, null), "which object, not only how many");
        MachineCore nested = new MachineCore(3, new long[0]);
        nested.rcu.lock(1);
        nested.rcu.lock(1);
        MachineCore once = new MachineCore(3, new long[0]);
        once.rcu.lock(1);
        assertNotEquals(key(nested, null), key(once, null), "the depth");
    }

    @Test
    void callbacksOfferedAsInterruptsOnTheCpuThatQueuedThem() {
        core.rcu.lock(2);
        int first = core.rcu.queue(1, callback("a"));
        assertEquals(-1, first);
        List<PendingIpi> offered = core.rcu.asInterrupts();
        assertEquals(1, offered.size());
        PendingIpi cb = offered.get(0);
        assertEquals(1, cb.sender());
        assertEquals(1, cb.target());
        assertFalse(cb.deliverable());
        assertTrue(Rcu.isCallback(cb.batch()) && !Rcu.isCallback(cb.batch() - Rcu.FIRST_CALLBACK));
        assertTrue(cb.footprint().covers(Footprint.NOTHING.writesRcu()), "running it writes RCU's state");
    }

    @Test
    void callbackNumbersWrapAndAreReusedOnlyOnceFree() {
        core.rcu.lock(2);
        int held = core.rcu.queue(0, callback("held"));
        assertEquals(-1, held);
        int heldId = core.rcu.asInterrupts().get(0).batch();
        assertEquals(Rcu.FIRST_CALLBACK, heldId);
        core.rcu.unlock(core, 2);
        for (int i = 0; i < Rcu.FIRST_CALLBACK + 3; i++) {
            int id = core.rcu.queue(1, callback("c" + i));
            assertTrue(id > Rcu.FIRST_CALLBACK && id < 2 * Rcu.FIRST_CALLBACK, "callback " + id);
            core.rcu.invoke(core, id, 1);
        }
        assertEquals(Rcu.FIRST_CALLBACK + 3, ran.size());
        core.rcu.invoke(core, heldId, 0);
        assertEquals("held", ran.get(ran.size() - 1));
        assertThrows(IllegalStateException.class, () -> core.rcu.invoke(core, heldId, 0), "it ran");
    }

    @Test
    void cpusCompareByTheirReadSections() {
        core.rcu.lock(2);
        assertTrue(core.rcu.compare(2, 0) > 0 && core.rcu.compare(0, 2) < 0);
        assertEquals(0, core.rcu.compare(0, 1));
    }

    @Test
    void everyOperationReportsItsAccessToRcu() {
        core.rcu.accesses.start();
        core.rcu.reading(0);
        assertEquals(Footprint.NOTHING.readsRcu(), core.rcu.accesses.stop());
        core.rcu.accesses.start();
        core.rcu.checkFree(core, 0, 7, "table 7");
        assertEquals(Footprint.NOTHING.readsRcu(), core.rcu.accesses.stop());
        Runnable[] writers = {() -> core.rcu.lock(1), () -> core.rcu.rcu_dereference(core, 1, 7, "t"),
            () -> core.rcu.unlock(core, 1), () -> core.rcu.queue(0, callback("x")),
            () -> core.rcu.invoke(core, core.rcu.asInterrupts().get(0).batch(), 0)};
        for (Runnable writer : writers) {
            core.rcu.accesses.start();
            writer.run();
            assertEquals(Footprint.NOTHING.writesRcu(), core.rcu.accesses.stop());
        }
    }

    /** Each field of a queued callback is in the key: who queued it, whom it waits for, what it is. */
    @Test
    void theKeyTellsCallbacksApartByEveryField() {
        List<String> keys = new ArrayList<>();
        for (int queuer = 0; queuer < 2; queuer++) {
            for (int reader = 1; reader < 3; reader++) {
                for (String name : List.of("free", "other")) {
                    MachineCore machine = new MachineCore(3, new long[0]);
                    machine.rcu.lock(reader);
                    machine.rcu.queue(queuer, callback(name));
                    machine.rcu.lock(reader == 1 ? 2 : 1); // a later reader is not waited for: only the callback differs
                    keys.add(key(machine, null));
                }
            }
        }
        assertEquals(keys.size(), keys.stream().distinct().count(), keys.toString());
        MachineCore waits = new MachineCore(3, new long[0]);
        waits.rcu.lock(1);
        waits.rcu.lock(2);
        waits.rcu.queue(0, callback("free"));
        MachineCore waitsLess = waits.copy();
        waitsLess.rcu.unlock(waitsLess, 2);
        waitsLess.rcu.lock(2);
        assertNotEquals(key(waits, null), key(waitsLess, null), "waiting for CPUs 1 and 2, or for CPU1 only");
        assertEquals(key(waits, new int[] {0, 2, 1}), key(waits, null), "a wait for CPUs 1 and 2 is one under their swap");
    }

    @Test
    void theKeyHoldsWhatEachReaderHolds() {
        MachineCore one = new MachineCore(3, new long[0]);
        one.rcu.lock(1);
        one.rcu.rcu_dereference(one, 1, 7, "t");
        MachineCore two = one.copy();
        two.rcu.rcu_dereference(two, 1, 8, "t");
        MachineCore swapped = new MachineCore(3, new long[0]);
        swapped.rcu.lock(1);
        swapped.rcu.rcu_dereference(swapped, 1, 8, "t");
        assertNotEquals(key(one, null), key(two, null), "how many");
        assertNotEquals(key(one, null), key(swapped, null), "which");
        assertEquals(key(one, new int[] {1, 0, 2}), key(one.copy(), new int[] {1, 0, 2}));
        assertNotEquals(key(one, null), key(one, new int[] {1, 0, 2}), "whose");
    }

    @Test
    void ofFindsTheMachinesRcu() {
        assertTrue(Rcu.of(core) == core.rcu);
    }

    @Test
    void anUnlockReportsOnlyTheGracePeriodsItEnded() {
        int ready = core.rcu.queue(0, callback("ready"));
        assertTrue(Rcu.isCallback(ready), "nobody was reading");
        core.rcu.lock(1);
        core.rcu.queue(0, callback("waits"));
        List<Integer> ended = core.rcu.unlock(core, 1);
        assertEquals(1, ended.size());
        assertNotEquals(ready, ended.get(0), "the callback that was ready already is not reported again");
    }

    @Test
    void callbacksAreNumberedOneAfterAnother() {
        int first = core.rcu.queue(0, callback("a"));
        int second = core.rcu.queue(0, callback("b"));
        assertEquals(Rcu.FIRST_CALLBACK, first);
        assertEquals(Rcu.FIRST_CALLBACK + 1, second);
    }

    @Test
    void aCallbackRunsInTheTraceOfTheCpuThatTookIt() {
        core.inspect().enableTrace();
        int id = core.rcu.queue(0, callback("free_pgtable"));
        core.deliver_ipi(id, 2);
        List<TraceEvent> trace = core.inspect().trace();
        TraceEvent last = trace.get(trace.size() - 1);
        assertEquals("RCU callback queued by CPU0 runs after a grace period: free_pgtable", last.action());
        assertEquals(2, last.cpu());
        assertEquals("<RCU>", last.function(), "whichever thread delivers it, the callback names itself");
    }

    @Test
    void callbacksThatNeverRanAreNamedAtTheEnd() {
        core.rcu.queue(1, callback("free_pgtable"));
        HazardException never = assertThrows(HazardException.class, () -> core.rcu.checkQuiescent(core));
        assertEquals("RCU callbacks never ran: [free_pgtable]", never.hazard().message());
        assertEquals(1, never.hazard().actorCpu());
    }
}
