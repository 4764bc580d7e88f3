package shootdown.machine;

/**
 * What the step being run really touches, part by part, while an engine checks footprints
 * ({@link Inspection#startRecordingAccesses()}): every read and every write of a machine part,
 * not only the changes it makes. Each part of a machine reports here; while no step is being
 * recorded, a report costs one test of {@link #on}.
 *
 * Left out on purpose: the cost counters and the trace (not machine state), the IPI batch
 * numbers and RCU callback numbers (not in a state's text), and the hazard monitor's record of
 * returned changes (only added to, read once every CPU is done, and order-free in a state's key).
 */
final class Accesses {
    private boolean on;
    private Footprint seen = Footprint.NOTHING;

    void start() {
        on = true;
        seen = Footprint.NOTHING;
    }

    Footprint stop() {
        on = false;
        return seen;
    }

    /** Stops recording for a while (the trace of a step reads locks and TLBs for the reader); returns whether it was on. */
    boolean pause() {
        boolean was = on;
        on = false;
        return was;
    }

    void resume(boolean was) {
        on = was;
    }

    void pageTables(boolean write) {
        if (on) seen = write ? seen.writesPageTables() : seen.readsPageTables();
    }

    void tablePool(boolean write) {
        if (on) seen = write ? seen.writesTablePool() : seen.readsTablePool();
    }

    void rcu(boolean write) {
        if (on) seen = write ? seen.writesRcu() : seen.readsRcu();
    }

    void lock(KernelLock lock, boolean write) {
        if (on) seen = write ? seen.writesLock(lock) : seen.readsHolders(lock);
    }

    void tlb(int cpu, boolean write) {
        if (on) seen = write ? seen.writesTlb(cpu) : seen.readsTlb(cpu);
    }

    /** The kernel's walkers inside page-table pages: one object, as steps declare it. */
    void walkers(boolean write) {
        if (on) seen = write ? seen.writesWalkers() : seen.readsWalkers();
    }

    void irq(int cpu, boolean write) {
        if (on) seen = write ? seen.writesIrq(cpu) : seen.readsIrq(cpu);
    }

    void ipisTo(int target, boolean write) {
        if (on) seen = write ? seen.writesIpisTo(target) : seen.readsIpisTo(target);
    }

    /** A device was handed to a step: it may read and write anything of it. */
    void devices() {
        if (on) seen = seen.readsDevices().writesDevices();
    }

    boolean on() {
        return on;
    }
}
