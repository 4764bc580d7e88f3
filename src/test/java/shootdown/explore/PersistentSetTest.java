package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.machine.Footprint;
import shootdown.machine.Guard;
import shootdown.machine.MachineCore;

/**
 * The persistent set's two closure rules, on hand-built processes. CPU0 may touch the page
 * tables; CPU1 waits for a lock only CPU2 can release, and will read the page tables once it
 * has it; CPU2 holds the lock and touches nothing CPU0 does. Exploring CPU0 alone would be
 * wrong: CPU2 may release CPU1 first, and CPU1's read must be tried before CPU0's write as well
 * as after. So a set seeded at CPU0 must bring in CPU2, the one who can enable CPU1; the
 * smallest set is then CPU2 alone (it commutes with everything else).
 */
class PersistentSetTest {
    private static final Footprint WRITES_TABLES = Footprint.NOTHING.writesPageTables();
    private static final Footprint READS_TABLES = Footprint.NOTHING.readsPageTables();
    private static final Footprint OWN_TLB = Footprint.NOTHING.writesTlb(2);
    private static final Footprint OWN_TLB_OF_1 = Footprint.NOTHING.writesTlb(1);
    private static final Footprint IRQ_OF_2 = Footprint.NOTHING.writesIrq(2);
    private static final MachineCore CORE = new MachineCore(3, new long[0]);

    private static final int CPU0 = Choice.step(0), CPU1 = Choice.step(1), CPU2 = Choice.step(2);

    @Test
    void aWaitingCpuBringsInTheCpuThatCanReleaseIt() {
        Guard onlyCpu2Releases = Guard.enabledOnlyBy(core -> false, (core, cpu, ipi) -> cpu == 2 && ipi < 0);
        assertArrayEquals(new int[] {CPU2}, choose(onlyCpu2Releases.on(CORE), READS_TABLES, OWN_TLB));
    }

    @Test
    void aWaitingCpuWithoutAKnownReleaserBringsInEveryCpuWhoseFutureMayChangeItsStep() {
        // Nothing is known of the guard: whoever may write what CPU1's step reads (its irq flag) may enable it.
        Footprint readsIrq = Footprint.NOTHING.readsIrq(1);
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, WRITES_TABLES, WRITES_TABLES),
                new PersistentSet.Process(CPU1, 1, -1, false, null, readsIrq, readsIrq.readsPageTables()),
                new PersistentSet.Process(CPU2, 2, -1, true, null, OWN_TLB, OWN_TLB.writesIrq(1)));
        assertArrayEquals(new int[] {CPU2}, PersistentSet.choose(new int[] {CPU0, CPU2}, processes, List.of()));
    }

    @Test
    void aCpuWhoseFutureCannotChangeTheWaitersStepIsLeftOut() {
        Footprint readsIrq = Footprint.NOTHING.readsIrq(1);
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, WRITES_TABLES, WRITES_TABLES),
                new PersistentSet.Process(CPU1, 1, -1, false, null, readsIrq, readsIrq.readsPageTables()),
                new PersistentSet.Process(CPU2, 2, -1, true, null, OWN_TLB, OWN_TLB));
        assertArrayEquals(new int[] {CPU0}, PersistentSet.choose(new int[] {CPU0, CPU2}, processes, List.of()));
    }

    @Test
    void aCpuThatCannotEnableTheWaiterIsLeftOut() {
        Guard onlyCpu0Releases = Guard.enabledOnlyBy(core -> false, (core, cpu, ipi) -> cpu == 0 && ipi < 0);
        // Seeded at CPU0, the set is CPU0 and the waiting CPU1: one move, as small as CPU2 alone; CPU0 comes first.
        assertArrayEquals(new int[] {CPU0}, choose(onlyCpu0Releases.on(CORE), READS_TABLES, OWN_TLB));
    }

    @Test
    void aLockHeldByACpuOutsideTheSetBlocksNothing() {
        // CPU2 holds the lock that guards the page tables, but waits outside the set: it may release the
        // lock at any time, so CPU1's write under it may still come before CPU0's read. (CPU0 will read
        // CPU1's TLB later, so CPU1 alone is no persistent set either.)
        Guard never = Guard.enabledOnlyBy(core -> false, (core, cpu, ipi) -> false);
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, READS_TABLES, READS_TABLES.readsTlb(1)),
                new PersistentSet.Process(CPU1, 1, -1, true, null, OWN_TLB_OF_1, OWN_TLB_OF_1.writesPageTables()),
                new PersistentSet.Process(CPU2, 2, -1, false, never.on(CORE), OWN_TLB, OWN_TLB));
        List<PersistentSet.Held> locks = List.of(new PersistentSet.Held(WRITES_TABLES.writes(), 2));
        assertArrayEquals(new int[] {CPU0, CPU1}, PersistentSet.choose(new int[] {CPU0, CPU1}, processes, locks));
    }

    @Test
    void anIpiInTheSetDoesNotFreezeItsTarget() {
        // The IPI to CPU2 (sent by CPU0) joins CPU0's set; CPU2 itself (waiting, then touching only its
        // interrupt flag) does not, so the lock CPU2 holds may be released and CPU1 may write the page
        // tables before CPU0 reads them.
        int ipi = Choice.ipi(0, 2);
        Footprint readsTablesAndTlb2 = READS_TABLES.readsTlb(2);
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, readsTablesAndTlb2, readsTablesAndTlb2.readsTlb(1)),
                new PersistentSet.Process(ipi, 2, 0, true, null, OWN_TLB, OWN_TLB),
                new PersistentSet.Process(CPU1, 1, -1, true, null, OWN_TLB_OF_1, OWN_TLB_OF_1.writesPageTables()),
                new PersistentSet.Process(CPU2, 2, -1, false, null, IRQ_OF_2, IRQ_OF_2));
        List<PersistentSet.Held> locks = List.of(new PersistentSet.Held(WRITES_TABLES.writes(), 2));
        assertArrayEquals(new int[] {CPU0, ipi, CPU1}, PersistentSet.choose(new int[] {CPU0, ipi, CPU1}, processes, locks));
    }

    @Test
    void aWaitingCpuIsNoSeedEvenIfNothingCanReleaseIt() {
        // A set seeded at a CPU that cannot move would hold no move at all.
        Guard never = Guard.enabledOnlyBy(core -> false, (core, cpu, ipi) -> false);
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, WRITES_TABLES, WRITES_TABLES),
                new PersistentSet.Process(CPU1, 1, -1, false, never.on(CORE), OWN_TLB_OF_1, OWN_TLB_OF_1),
                new PersistentSet.Process(CPU2, 2, -1, true, null, READS_TABLES, READS_TABLES));
        assertArrayEquals(new int[] {CPU0, CPU2}, PersistentSet.choose(new int[] {CPU0, CPU2}, processes, List.of()));
    }

    @Test
    void ofEquallySmallSetsTheFirstSeedsWins() {
        // Two pairs that interfere only within themselves: {CPU0, CPU1} on the page tables, {CPU2, CPU3}
        // on the RCU state. Both are persistent; taking the first keeps the choice a function of the order.
        Footprint writesRcu = Footprint.NOTHING.writesRcu(), readsRcu = Footprint.NOTHING.readsRcu();
        int cpu3 = Choice.step(3);
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, WRITES_TABLES, WRITES_TABLES),
                new PersistentSet.Process(CPU1, 1, -1, true, null, READS_TABLES, READS_TABLES),
                new PersistentSet.Process(CPU2, 2, -1, true, null, writesRcu, writesRcu),
                new PersistentSet.Process(cpu3, 3, -1, true, null, readsRcu, readsRcu));
        assertArrayEquals(new int[] {CPU0, CPU1},
                PersistentSet.choose(new int[] {CPU0, CPU1, CPU2, cpu3}, processes, List.of()));
    }

    @Test
    void aLockHolderThatJoinsLaterStillBlocksTheWritesItGuards() {
        // Seeded at CPU0, the set brings in CPU1 (it reads the RCU state CPU0 writes). CPU1 holds the lock
        // under which CPU2 will write the page tables CPU1 reads: while CPU1 is in the set, that write
        // cannot come first, so CPU2 stays out although only the seed was frozen when the set began.
        Footprint writesRcu = Footprint.NOTHING.writesRcu().readsTlb(2);
        Footprint cpu1Reads = READS_TABLES.readsRcu();
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, Footprint.NOTHING.writesRcu(), writesRcu),
                new PersistentSet.Process(CPU1, 1, -1, true, null, cpu1Reads, cpu1Reads),
                new PersistentSet.Process(CPU2, 2, -1, true, null, OWN_TLB, OWN_TLB.writesPageTables()));
        List<PersistentSet.Held> locks = List.of(new PersistentSet.Held(WRITES_TABLES.writes(), 1));
        assertArrayEquals(new int[] {CPU0, CPU1}, PersistentSet.choose(new int[] {CPU0, CPU1, CPU2}, processes, locks));
    }

    @Test
    void anIpiWritesWhatItWritesWhateverLocksAreHeld() {
        // CPU0 holds the lock that guards what the IPI's work writes, and reads it next. An IPI takes no
        // locks: its write may come before CPU0's read, so CPU0 alone is no persistent set.
        int ipi = Choice.ipi(0, 2);
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, READS_TABLES, READS_TABLES),
                new PersistentSet.Process(ipi, 2, 0, true, null, WRITES_TABLES, WRITES_TABLES));
        List<PersistentSet.Held> locks = List.of(new PersistentSet.Held(WRITES_TABLES.writes(), 0));
        assertArrayEquals(new int[] {CPU0, ipi}, PersistentSet.choose(new int[] {CPU0, ipi}, processes, locks));
    }

    private static int[] choose(Guard.Bound waitingFor, Footprint cpu1Next, Footprint cpu2Moves) {
        List<PersistentSet.Process> processes = List.of(
                new PersistentSet.Process(CPU0, 0, -1, true, null, WRITES_TABLES, WRITES_TABLES),
                new PersistentSet.Process(CPU1, 1, -1, false, waitingFor, cpu1Next, READS_TABLES),
                new PersistentSet.Process(CPU2, 2, -1, true, null, cpu2Moves, cpu2Moves));
        return PersistentSet.choose(new int[] {CPU0, CPU2}, processes, List.of());
    }
}
