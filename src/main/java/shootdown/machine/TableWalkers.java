package shootdown.machine;

import java.util.Arrays;
import java.util.List;

/**
 * Kernel code inside a page-table page between two of its steps, per CPU: a lockless walker in
 * the style of {@code lookup_address()} or ptdump that has read the entry pointing at a table and
 * will read inside it next (freeing the table meanwhile is H7), and a scan that has read a
 * table's unwatched entries in one step and reads its watched entries one step each.
 *
 * The scan's one step is exact because no operation stores to an entry that maps no watched page
 * (operations name their pages, and those are the watched ones): the entries it read cannot
 * change before it is done. {@link #checkStore} holds every store to that while a scan is on.
 */
final class TableWalkers {
    /** Per CPU: the table it is inside, or -1. */
    private final int[] inside;
    /** Per CPU scanning: the first page its table maps, and the indices of the watched entries (else null). */
    private final long[] scanBase;
    private final int[][] scanWatched;
    /** Per CPU scanning: bit k set once {@code scanWatched[cpu][k]} has been read. */
    private final long[] scanRead;
    /** Every method that reads or writes where a CPU walks reports it (the fingerprint and texts do not). */
    Accesses accesses = new Accesses();

    TableWalkers(int cpus) {
        inside = new int[cpus];
        Arrays.fill(inside, -1);
        scanBase = new long[cpus];
        scanWatched = new int[cpus][];
        scanRead = new long[cpus];
    }

    private TableWalkers(TableWalkers from) {
        inside = from.inside.clone();
        scanBase = from.scanBase.clone();
        scanWatched = from.scanWatched.clone();
        scanRead = from.scanRead.clone();
    }

    TableWalkers copy() {
        return new TableWalkers(this);
    }

    // ---- the steps (each part of one MachineCore step) ----

    /**
     * The walk to the entry of {@code level} covering {@code page} ({@code pud_offset()},
     * {@code pmd_offset()}): if it points at a table, the CPU is inside that table until it reads
     * inside it; else it is inside none.
     */
    Lookup walkTo(MachineCore core, int cpu, long page, PageSize level) {
        Lookup entry = core.map.walkTo(page, level);
        if (entry.level() == level && entry.value().isTable()) enter(cpu, entry.value().table());
        else leave(cpu);
        core.record(cpu, null, () -> (level == PageSize.SIZE_1G ? "pud_offset(" : "pmd_offset(") + Hex.of(page) + ") = "
                + entry, page);
        return entry;
    }

    /** {@code *kpte}: a scan marks the entry read, a walker inside the table leaves it; H7 if it was freed. */
    Pte read(MachineCore core, int cpu, PteRef kpte) {
        Pte value = core.map.read(kpte);
        if (scanning(cpu)) scanned(cpu, kpte.table(), kpte.index());
        else if (inside(cpu) == kpte.table()) leave(cpu);
        core.record(cpu, null, () -> "*" + kpte + " = " + value, -1);
        core.monitor.check(() -> core.monitor.checkNotFreed(core.map, kpte, cpu, "a read", core.trace.steps()));
        return value;
    }

    /** Every entry of the table that maps no watched page, as runs; the CPU reads the others next. */
    List<PteRun> scan(MachineCore core, int cpu, int table, long base) {
        int[] watched = core.map.watchedIndices(table, base, core.tlbs.watched());
        List<PteRun> entries = core.map.runsBut(table, watched);
        startScan(cpu, table, base, watched);
        core.record(cpu, null, () -> "read the entries of table#" + table + " that map no watched page", -1);
        return entries;
    }

    /** The table CPU {@code cpu} is inside, or -1. */
    int inside(int cpu) {
        accesses.walkers(false);
        return inside[cpu];
    }

    boolean scanning(int cpu) {
        accesses.walkers(false);
        return scanWatched[cpu] != null;
    }

    /** A lockless walker read the entry pointing at table#{@code table}: it is inside until its next read. */
    void enter(int cpu, int table) {
        accesses.walkers(true);
        inside[cpu] = table;
        scanWatched[cpu] = null;
    }

    void leave(int cpu) {
        accesses.walkers(true);
        inside[cpu] = -1;
        scanWatched[cpu] = null;
        scanRead[cpu] = 0;
    }

    /** A scan read every entry but those at {@code watched}: it is inside until it has read them too. */
    void startScan(int cpu, int table, long base, int[] watched) {
        accesses.walkers(true);
        if (watched.length == 0) {
            leave(cpu);
            return;
        }
        if (watched.length > 63) throw new IllegalStateException("a scan watches at most 63 entries");
        inside[cpu] = table;
        scanBase[cpu] = base;
        scanWatched[cpu] = watched.clone();
        scanRead[cpu] = 0;
    }

    /** The scanning CPU read entry {@code index} of its table; the last watched one ends the scan. */
    void scanned(int cpu, int table, int index) {
        accesses.walkers(true);
        if (scanWatched[cpu] == null || inside[cpu] != table) return;
        int[] watched = scanWatched[cpu];
        for (int k = 0; k < watched.length; k++) if (watched[k] == index) scanRead[cpu] |= 1L << k;
        if (scanRead[cpu] == (1L << watched.length) - 1) leave(cpu);
    }

    /** The promise a scan's one step rests on: no store to an entry it read in that step. */
    void checkStore(PteRef kpte) {
        accesses.walkers(false);
        for (int cpu = 0; cpu < inside.length; cpu++) {
            if (scanWatched[cpu] == null || inside[cpu] != kpte.table()) continue;
            boolean watched = false;
            for (int index : scanWatched[cpu]) watched |= index == kpte.index();
            if (!watched) {
                throw new IllegalStateException("store to " + kpte + " (page " + Hex.of(scanBase[cpu]
                        + kpte.index() * kpte.level().pages) + ", not watched) while CPU" + cpu + " scans that table: "
                        + "the scan read the entries of unwatched pages in one step, which holds only if no "
                        + "operation stores to them");
            }
        }
    }

    void encode(StringBuilder out) {
        for (int cpu = 0; cpu < inside.length; cpu++) {
            if (inside[cpu] < 0) continue;
            out.append("in").append(cpu).append('#').append(inside[cpu]);
            if (scanWatched[cpu] != null) out.append("scan").append(Long.toHexString(scanRead[cpu]));
        }
    }

    /** {@link #encode} with CPU {@code order[k]} written as CPU k. */
    void encodeRenamed(StringBuilder out, int[] order) {
        for (int k = 0; k < order.length; k++) {
            int cpu = order[k];
            if (inside[cpu] < 0) continue;
            out.append("in").append(k).append('#').append(inside[cpu]);
            if (scanWatched[cpu] != null) out.append("scan").append(Long.toHexString(scanRead[cpu]));
        }
    }

    void fingerprint(Fingerprint out, int[] order) {
        for (int cpu : order) {
            out.add(inside[cpu]);
            out.add(scanWatched[cpu] == null ? -1 : scanRead[cpu]);
        }
    }

    /** Orders two CPUs by where they walk (any order that ignores their numbers serves). */
    int compare(int a, int b) {
        if (inside[a] != inside[b]) return Integer.compare(inside[a], inside[b]);
        return Long.compare(scanWatched[a] == null ? -1 : scanRead[a], scanWatched[b] == null ? -1 : scanRead[b]);
    }
}
