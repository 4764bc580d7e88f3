package shootdown.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One set of paging-structure caches per CPU (Intel SDM vol. 3 4.10.3): the non-leaf entries,
 * pointers to page-table pages, a CPU may have cached and may walk through later instead of
 * walking from the root. The worst case is the one {@link Tlbs} keeps for leaves: a CPU may
 * cache any non-leaf entry on the walk path of any address at any moment, and keeps it until a
 * flush drops it, so each set holds every such entry that was live at some moment since that CPU
 * last flushed it (for the paths of the watched pages). A table freed while some CPU may still
 * hold a pointer to it is H7.
 *
 * Invalidation: a full flush (CR4.PGE toggle, INVPCID all-context, INVLPGB without FINAL_ONLY)
 * drops every entry; INVLPG drops the entries whose region covers the address. The SDM says more
 * for INVLPG: it drops every paging-structure-cache entry of the current PCID. The model keeps
 * the weaker promise, which holds on every x86 CPU and only ever keeps more entries: a design it
 * finds safe is safe either way (docs/machine.md).
 *
 * The root (the PUD table the model starts its walks at, CR3's PML4 entry above it) never
 * changes and is not an entry here. A CPU's set is part of its TLB for footprints: a step that
 * reads or writes it reads or writes that CPU's TLB.
 */
final class PagingStructureCaches {
    /** A cached non-leaf entry: the {@code size} region from {@code base} is translated through table#{@code table}. */
    record Entry(long base, PageSize size, int table) implements Fingerprinted {
        boolean covers(long page) {
            return page >= base && page < base + size.pages;
        }

        @Override
        public void fingerprint(Fingerprint out) {
            out.add(base);
            out.add(size.ordinal());
            out.add(table);
        }

        @Override
        public String toString() {
            return (size == PageSize.SIZE_1G ? "PDPTE" : "PDE") + "@" + Hex.of(base) + "->table#" + table;
        }
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::base).thenComparing(Entry::size)
            .thenComparingInt(Entry::table);
    private static final Entry[] EMPTY = new Entry[0];

    /**
     * Per CPU, its entries in the order they were cached: arrays never changed once made (a
     * change makes a new one), so a copy shares them all and a snapshot never sees a later write.
     */
    private final Entry[][] perCpu;
    private final long[] watched;
    /** The hashes of each CPU's entries, for fingerprints and ordering, kept until they change. */
    private final long[][] hashes;
    Accesses accesses = new Accesses();

    PagingStructureCaches(int cpus, long[] watchedPages) {
        this.perCpu = new Entry[cpus][];
        Arrays.fill(perCpu, EMPTY);
        this.watched = watchedPages.clone();
        this.hashes = new long[cpus][];
    }

    private PagingStructureCaches(PagingStructureCaches from) {
        this.perCpu = from.perCpu.clone();
        this.watched = from.watched;
        this.hashes = from.hashes.clone();
    }

    /** A copy that shares every CPU's entries with this one until either changes them. */
    PagingStructureCaches copy() {
        return new PagingStructureCaches(this);
    }

    private void set(int cpu, Entry[] entries) {
        accesses.tlb(cpu, true);
        perCpu[cpu] = entries;
        hashes[cpu] = null;
    }

    private boolean holds(int cpu, Entry entry) {
        accesses.tlb(cpu, false);
        for (Entry e : perCpu[cpu]) if (e.equals(entry)) return true;
        return false;
    }

    /**
     * Adds every non-leaf entry the CPU's walker may cache now for a watched page: on the live
     * path from the root, and on the paths from entries it holds already (a walk may start at
     * any of them). One pass over those starts finds everything: an entry a path adds lies on
     * that path, so the walk from it is the rest of the same path.
     */
    void fill(int cpu, DirectMap map) {
        accesses.tlb(cpu, false);
        for (long page : watched) {
            add(cpu, map, DirectMap.ROOT, page);
            for (Entry from : perCpu[cpu]) {
                if (from.covers(page) && !map.isFreed(from.table())) add(cpu, map, from.table(), page);
            }
        }
    }

    /** Only what the live tables give (after a flush: every entry left covers other pages, see {@link Tlbs}). */
    void fillFromRoot(int cpu, DirectMap map) {
        for (long page : watched) add(cpu, map, DirectMap.ROOT, page);
    }

    /** The non-leaf entries on the walk of {@code page} from table#{@code start}. */
    private void add(int cpu, DirectMap map, int start, long page) {
        for (Entry entry : map.pathFrom(start, page)) {
            if (holds(cpu, entry)) continue;
            Entry[] old = perCpu[cpu];
            Entry[] out = Arrays.copyOf(old, old.length + 1);
            out[old.length] = entry;
            set(cpu, out);
        }
    }

    void flushAll(int cpu) {
        accesses.tlb(cpu, false);
        if (perCpu[cpu].length > 0) set(cpu, EMPTY);
    }

    /** INVLPG: drops the entries whose region covers the page. */
    void flushOne(int cpu, long page) {
        accesses.tlb(cpu, false);
        Entry[] old = perCpu[cpu];
        int kept = 0;
        for (Entry e : old) if (!e.covers(page)) kept++;
        if (kept == old.length) return;
        Entry[] out = new Entry[kept];
        int k = 0;
        for (Entry e : old) if (!e.covers(page)) out[k++] = e;
        set(cpu, out);
    }

    /** The tables CPU {@code cpu} may start a walk of {@code page} at, beside the root. */
    List<Integer> walkStarts(int cpu, long page) {
        accesses.tlb(cpu, false);
        List<Integer> out = new ArrayList<>();
        for (Entry entry : perCpu[cpu]) if (entry.covers(page)) out.add(entry.table());
        return out;
    }

    /** The entries of CPU {@code cpu} that point at table#{@code table}. */
    List<Entry> pointingAt(int cpu, int table) {
        accesses.tlb(cpu, false);
        List<Entry> out = new ArrayList<>();
        for (Entry entry : perCpu[cpu]) if (entry.table() == table) out.add(entry);
        return out;
    }

    /**
     * CPU {@code cpu}'s entries without table numbers (which depend on the order of allocation):
     * each region, and whether the live tables still reach its table; empty if every entry is live.
     */
    String describe(int cpu, DirectMap map) {
        TreeSet<String> out = new TreeSet<>();
        for (Entry entry : perCpu[cpu]) {
            boolean live = map.pathFrom(DirectMap.ROOT, entry.base()).contains(entry);
            if (!live) out.add((entry.size() == PageSize.SIZE_1G ? "PDPTE@" : "PDE@") + Hex.of(entry.base())
                    + (map.isFreed(entry.table()) ? " -> a freed table" : " -> a table the live tables no longer reach"));
        }
        return out.isEmpty() ? "" : out.toString();
    }

    void encode(StringBuilder out) {
        for (int cpu = 0; cpu < perCpu.length; cpu++) {
            Entry[] sorted = perCpu[cpu].clone();
            Arrays.sort(sorted, ORDER);
            out.append("psc").append(cpu).append(Arrays.toString(sorted));
        }
    }

    /** {@link #encode} with CPU {@code order[k]} written as CPU k. */
    void encodeRenamed(StringBuilder out, int[] order) {
        for (int k = 0; k < order.length; k++) {
            Entry[] sorted = perCpu[order[k]].clone();
            Arrays.sort(sorted, ORDER);
            out.append("psc").append(k).append(Arrays.toString(sorted));
        }
    }

    void fingerprint(Fingerprint out, int[] order) {
        for (int cpu : order) out.add(hashes(cpu));
    }

    int compare(int a, int b) {
        return SetFingerprint.compare(hashes(a), hashes(b));
    }

    /** An order-free sum over the set's entries, as {@link Tlbs} does. */
    private long[] hashes(int cpu) {
        long[] known = hashes[cpu];
        if (known == null) hashes[cpu] = known = SetFingerprint.of(perCpu[cpu]);
        return known;
    }
}
