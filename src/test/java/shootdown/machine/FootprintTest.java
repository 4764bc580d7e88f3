package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Footprints, the facts partial-order reduction trusts: two steps commute only if neither writes
 * what the other touches. Every object has a bit of its own (until the per-CPU and lock bits run
 * out, where objects share the last bit, which only costs reduction), a write covers a read, and
 * the names a footprint prints are the objects it holds.
 */
class FootprintTest {
    private static final Footprint NOTHING = Footprint.NOTHING;

    /** One footprint reading, one writing, each object a step can name. */
    private static List<Footprint> readsOfEachObject() {
        return List.of(NOTHING.readsPageTables(), NOTHING.readsTablePool(), NOTHING.readsRcu(), NOTHING.readsWalkers(),
                NOTHING.readsDevices(), NOTHING.readsLock(new RwLock("a", 0)), NOTHING.readsLock(new RwLock("b", 1)),
                NOTHING.readsTlb(0), NOTHING.readsTlb(1), NOTHING.readsIrq(0), NOTHING.readsIrq(1),
                NOTHING.readsIpisTo(0), NOTHING.readsIpisTo(1));
    }

    private static List<Footprint> writesOfEachObject() {
        return List.of(NOTHING.writesPageTables(), NOTHING.writesTablePool(), NOTHING.writesRcu(), NOTHING.writesWalkers(),
                NOTHING.writesDevices(), NOTHING.writesLock(new RwLock("a", 0)), NOTHING.writesLock(new RwLock("b", 1)),
                NOTHING.writesTlb(0), NOTHING.writesTlb(1), NOTHING.writesIrq(0), NOTHING.writesIrq(1),
                NOTHING.writesIpisTo(0), NOTHING.writesIpisTo(1));
    }

    @Test
    void everyObjectHasABitOfItsOwn() {
        List<Footprint> reads = readsOfEachObject();
        List<Footprint> writes = writesOfEachObject();
        for (int i = 0; i < reads.size(); i++) {
            assertEquals(0, reads.get(i).writes(), reads.get(i) + " writes nothing");
            assertEquals(reads.get(i).reads(), writes.get(i).writes(), "the same object read and written");
            assertEquals(1, Long.bitCount(reads.get(i).reads()), reads.get(i).toString());
            for (int j = 0; j < reads.size(); j++) {
                assertEquals(i == j, writes.get(i).conflictsWith(reads.get(j)), writes.get(i) + " against " + reads.get(j));
                assertEquals(i == j, writes.get(i).conflictsWith(writes.get(j)));
                assertFalse(reads.get(i).conflictsWith(reads.get(j)), "reads commute");
            }
        }
    }

    @Test
    void conflictsAreSymmetricAndMayChangeIsOneWay() {
        Footprint write = NOTHING.writesPageTables();
        Footprint read = NOTHING.readsPageTables();
        assertTrue(write.conflictsWith(read) && read.conflictsWith(write));
        assertTrue(write.mayChange(read));
        assertFalse(read.mayChange(write), "a reader changes nothing");
        assertTrue(write.mayChange(write));
        assertFalse(write.mayChange(NOTHING.readsRcu()));
        assertTrue(Footprint.EVERYTHING.conflictsWith(read) && read.conflictsWith(Footprint.EVERYTHING));
        assertFalse(NOTHING.conflictsWith(Footprint.EVERYTHING), "a step that touches nothing commutes with anything");
    }

    @Test
    void allCpusCoverEachCpuAndBitsRunOutIntoTheLast() {
        for (int cpu = 0; cpu < 20; cpu++) {
            assertTrue(NOTHING.readsAllTlbs().covers(NOTHING.readsTlb(cpu)), "CPU" + cpu);
            assertTrue(NOTHING.writesAllTlbs().covers(NOTHING.writesTlb(cpu)));
            assertTrue(NOTHING.readsAllIrqs().covers(NOTHING.readsIrq(cpu)));
            assertTrue(NOTHING.readsAllIpis().covers(NOTHING.readsIpisTo(cpu)));
            assertTrue(NOTHING.writesAllIpis().covers(NOTHING.writesIpisTo(cpu)));
        }
        assertEquals(NOTHING.writesTlb(15), NOTHING.writesTlb(16), "CPUs past the 16th share the last bit");
        assertNotEquals(NOTHING.writesTlb(14), NOTHING.writesTlb(15));
        assertEquals(16, Long.bitCount(NOTHING.readsAllTlbs().reads()));
        assertFalse(NOTHING.readsAllTlbs().covers(NOTHING.readsIrq(0)), "TLBs and interrupt flags are apart");
        assertFalse(NOTHING.readsAllIrqs().covers(NOTHING.readsIpisTo(0)));
        assertFalse(NOTHING.readsAllIpis().covers(NOTHING.readsTlb(0)));
        assertEquals(NOTHING.writesLock(new RwLock("k", 10)), NOTHING.writesLock(new RwLock("l", 11)),
                "locks past the 11th share the last bit");
        assertNotEquals(NOTHING.writesLock(new RwLock("j", 9)), NOTHING.writesLock(new RwLock("k", 10)));
        assertEquals(NOTHING.readsHolders(new RwLock("a", 3)), NOTHING.readsLock(new RwLock("a", 3)));
    }

    @Test
    void aWriteCoversAReadButNotTheOtherWayRound() {
        Footprint write = NOTHING.writesPageTables();
        assertTrue(write.covers(NOTHING.readsPageTables()));
        assertFalse(NOTHING.readsPageTables().covers(write));
        assertTrue(write.covers(NOTHING));
        assertEquals(NOTHING, write.beyond(NOTHING.readsPageTables()));
        assertEquals(NOTHING.writesPageTables(), NOTHING.readsPageTables().beyond(write));
        assertEquals(NOTHING.readsRcu(), write.beyond(NOTHING.readsRcu().readsPageTables()));
        assertTrue(Footprint.EVERYTHING.covers(write.union(NOTHING.readsRcu())));
    }

    @Test
    void unionAndEmptiness() {
        assertTrue(NOTHING.isEmpty());
        assertFalse(NOTHING.readsRcu().isEmpty());
        assertFalse(NOTHING.writesRcu().isEmpty());
        Footprint both = NOTHING.readsRcu().union(NOTHING.writesPageTables());
        assertEquals(NOTHING.readsRcu().reads(), both.reads());
        assertEquals(NOTHING.writesPageTables().writes(), both.writes());
    }

    @Test
    void aFootprintPrintsTheObjectsItHolds() {
        assertEquals("reads {page-tables table-pool}, writes {}", NOTHING.readsPageTables().readsTablePool().toString());
        assertEquals("{rcu walkers devices lock#2}",
                NOTHING.writesRcu().writesWalkers().writesDevices().writesLock(new RwLock("x", 2)).writtenObjects());
        assertEquals("{TLB* irq1 ipi0}", NOTHING.writesAllTlbs().writesIrq(1).writesIpisTo(0).writtenObjects());
        assertEquals("{TLB3 irq* ipi*}", NOTHING.writesTlb(3).writesIrq(0).writesIrq(1).writesIpisTo(2)
                .union(new Footprint(0, NOTHING.writesAllIpis().writes() | allIrqs())).writtenObjects());
        assertEquals("everything", Footprint.EVERYTHING.writtenObjects());
    }

    private static long allIrqs() {
        long bits = 0;
        for (int cpu = 0; cpu < 16; cpu++) bits |= NOTHING.writesIrq(cpu).writes();
        return bits;
    }
}
