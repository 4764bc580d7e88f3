package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The write-back caches as a device of the search (their SEV semantics are
 * {@link CachesTest}): an independent copy, a key that holds each CPU's dirty lines and renames
 * the CPUs, an order of CPUs by what their caches hold, and the outcome a certificate compares.
 */
class CachesKeyTest {
    private static String key(Caches caches, int... order) {
        Fingerprint f = new Fingerprint();
        caches.fingerprint(f, order, rank(order));
        return f.a() + ":" + f.b();
    }

    private static String text(Caches caches, int... order) {
        StringBuilder out = new StringBuilder();
        caches.encodeRenamed(out, order, rank(order));
        return out.toString();
    }

    private static int[] rank(int[] order) {
        int[] rank = new int[order.length];
        for (int k = 0; k < order.length; k++) rank[order[k]] = k;
        return rank;
    }

    @Test
    void theKeyHoldsEachCpusLinesAndRenamesTheCpus() {
        Caches a = new Caches(3);
        a.write(0, 1, 0x10);
        a.write(2, 1, 0x11);
        Caches b = new Caches(3);
        b.write(1, 1, 0x10);
        b.write(0, 1, 0x11);
        assertNotEquals(key(a, 0, 1, 2), key(b, 0, 1, 2));
        assertEquals(key(a, 0, 1, 2), key(b, 1, 2, 0));
        assertEquals(text(a, 0, 1, 2), text(b, 1, 2, 0));
        StringBuilder plain = new StringBuilder();
        a.encode(plain);
        assertEquals(plain.toString(), text(a, 0, 1, 2));
        assertEquals("caches[1:16,][][1:17,]", plain.toString());
        Caches otherGuest = new Caches(3);
        otherGuest.write(0, 2, 0x10);
        otherGuest.write(2, 1, 0x11);
        assertNotEquals(key(a, 0, 1, 2), key(otherGuest, 0, 1, 2), "the ASID");
        Caches otherFrame = new Caches(3);
        otherFrame.write(0, 1, 0x12);
        otherFrame.write(2, 1, 0x11);
        assertNotEquals(key(a, 0, 1, 2), key(otherFrame, 0, 1, 2), "the frame");
        Caches moreLines = new Caches(3);
        moreLines.write(0, 1, 0x10);
        moreLines.write(0, 1, 0x11);
        assertNotEquals(key(a, 0, 1, 2), key(moreLines, 0, 1, 2), "which CPU holds which line");
    }

    @Test
    void aCopyStepsApart() {
        Caches caches = new Caches(2);
        caches.write(0, 1, 5);
        Caches copy = caches.copy(null);
        copy.write(1, 1, 6);
        copy.writeBack(new MachineCore(2, new long[0]), 0);
        assertEquals(List.of(new Caches.Line(1, 5)), caches.dirtyLines(0));
        assertEquals(List.of(), caches.dirtyLines(1));
        assertEquals(List.of(), copy.dirtyLines(0));
        assertEquals(List.of(1), copy.holders(1, 6));
    }

    @Test
    void holdersAreTheCpusWithALineOfThatGuestFrame() {
        Caches caches = new Caches(3);
        caches.write(0, 1, 5);
        caches.write(2, 1, 5);
        caches.write(1, 2, 5);
        assertEquals(List.of(0, 2), caches.holders(1, 5));
        assertEquals(new CpuSet(0b101), caches.holderSet(1, 5));
        assertEquals(new CpuSet(0), caches.holderSet(1, 6));
        MachineCore core = new MachineCore(3, new long[0]);
        caches.writeBack(core, 2);
        assertEquals(List.of(0), caches.holders(1, 5));
        assertEquals(Long.valueOf(1), core.inspect().counters().get(Caches.FLUSHES));
    }

    @Test
    void cpusCompareByTheirLinesInOrder() {
        Caches caches = new Caches(3);
        caches.write(0, 1, 5);
        caches.write(1, 1, 5);
        caches.write(1, 1, 6);
        caches.write(2, 1, 7);
        assertTrue(caches.compareCpus(0, 1) < 0 && caches.compareCpus(1, 0) > 0, "a prefix comes first");
        assertTrue(caches.compareCpus(1, 2) < 0, "then by the first line that differs");
        assertEquals(0, new Caches(2).compareCpus(0, 1));
        Caches guests = new Caches(2);
        guests.write(0, 2, 1);
        guests.write(1, 1, 9);
        assertTrue(guests.compareCpus(1, 0) < 0, "the ASID before the frame");
    }

    @Test
    void theOutcomeSaysWhichCpusAreDirty() {
        Caches caches = new Caches(2);
        caches.write(1, 1, 0x10);
        StringBuilder out = new StringBuilder();
        caches.outcome(out);
        assertEquals("CPU0 clean; CPU1 dirty [ASID 1 gfn 0x10]", out.toString());
    }
}
