package shootdown.machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Arrays;

/**
 * One TLB per CPU, with the worst-case fill semantics of docs/machine.md: a CPU may fill a
 * translation for any address from the live page tables at any moment, and keeps it until a
 * flush. So each TLB holds every translation that was live at some moment since that CPU last
 * flushed it: the union of what every fill schedule could leave there. A conflict in this set
 * is a conflict some real fill schedule reaches, at the step that made it possible.
 *
 * Only watched pages (those the scenario's operations touch) are tracked: a mixed-size conflict
 * needs a 4K translation that differs from the large one, and only written pages differ.
 */
final class Tlbs {
    private static final Comparator<TlbEntry> ORDER = Comparator.comparingLong(TlbEntry::base)
            .thenComparing(TlbEntry::size).thenComparingLong(TlbEntry::frame)
            .thenComparing(e -> e.prot().toString());
    private static final TlbEntry[] EMPTY = new TlbEntry[0];

    /**
     * Per CPU, its entries in the order they were filled: arrays never changed once made (a
     * change makes a new one), so a copy shares them all and a snapshot never sees a later write.
     */
    private final TlbEntry[][] perCpu;
    private final long[] watched;
    /** Each TLB's canonical form, kept until it changes: most steps leave most TLBs alone. */
    private final String[] encoded;
    /** The hashes of each TLB, for fingerprints and ordering, kept until it changes. */
    private final long[][] hashes;
    /** Where this part reports what a step touches (set by its machine). */
    Accesses accesses = new Accesses();

    Tlbs(int cpus, long[] watchedPages) {
        this.perCpu = new TlbEntry[cpus][];
        Arrays.fill(perCpu, EMPTY);
        this.watched = watchedPages.clone();
        this.encoded = new String[cpus];
        this.hashes = new long[cpus][];
    }

    private Tlbs(Tlbs from) {
        this.perCpu = from.perCpu.clone();
        this.watched = from.watched;
        this.encoded = from.encoded.clone();
        this.hashes = from.hashes.clone();
    }

    /** A copy that shares every CPU's entries with this one until either changes them. */
    Tlbs copy() {
        return new Tlbs(this);
    }

    long[] watched() {
        return watched;
    }

    private void set(int cpu, TlbEntry[] entries) {
        perCpu[cpu] = entries;
        encoded[cpu] = null;
        hashes[cpu] = null;
    }

    private boolean holds(int cpu, TlbEntry entry) {
        accesses.tlb(cpu, false);
        for (TlbEntry e : perCpu[cpu]) if (e.equals(entry)) return true;
        return false;
    }

    private void add(int cpu, TlbEntry entry) {
        if (holds(cpu, entry)) return;
        accesses.tlb(cpu, true);
        TlbEntry[] old = perCpu[cpu];
        TlbEntry[] out = Arrays.copyOf(old, old.length + 1);
        out[old.length] = entry;
        set(cpu, out);
    }

    /**
     * Adds what the CPU may fill now (speculative walks): from the live tables, and through the
     * non-leaf entries its paging-structure caches hold, which may point at tables the live ones
     * no longer reach.
     */
    void fill(int cpu, DirectMap map, PagingStructureCaches pscs) {
        pscs.fill(cpu, map);
        accesses.tlb(cpu, false);
        for (long page : watched) {
            addLeaf(cpu, map.walk(page).value(), page);
            for (int table : pscs.walkStarts(cpu, page)) {
                if (!map.isFreed(table)) addLeaf(cpu, map.walkFrom(table, page), page);
            }
        }
    }

    /**
     * What a CPU refills right after a flush: the live tables only. Every cached non-leaf entry
     * the flush left covers other addresses than the entries it dropped, so what can be walked
     * through them is in the TLB already (each store added it, see {@link #fill}).
     */
    private void refill(int cpu, DirectMap map, PagingStructureCaches pscs) {
        pscs.fillFromRoot(cpu, map);
        for (long page : watched) addLeaf(cpu, map.walk(page).value(), page);
    }

    private void addLeaf(int cpu, Pte leaf, long page) {
        if (leaf.isLeaf() && leaf.prot().present()) add(cpu, TlbEntry.of(page, leaf));
    }

    void fillAll(DirectMap map, PagingStructureCaches pscs) {
        for (int cpu = 0; cpu < perCpu.length; cpu++) fill(cpu, map, pscs);
    }

    /** Adds an entry the scenario says the CPU holds at the start (possibly already stale). */
    void preload(int cpu, TlbEntry entry) {
        add(cpu, entry);
    }

    void flushAll(int cpu) {
        accesses.tlb(cpu, true);
        if (perCpu[cpu].length > 0) set(cpu, EMPTY);
    }

    /** INVLPG: drops every entry covering the page, whatever its size. */
    void flushOne(int cpu, long page) {
        accesses.tlb(cpu, true);
        TlbEntry[] old = perCpu[cpu];
        int kept = 0;
        for (TlbEntry e : old) if (!e.covers(page)) kept++;
        if (kept == old.length) return;
        TlbEntry[] out = new TlbEntry[kept];
        int k = 0;
        for (TlbEntry e : old) if (!e.covers(page)) out[k++] = e;
        set(cpu, out);
    }

    /** Drops every entry of the CPU, non-leaf ones too; it may refill from the live tables at once. Part of a step. */
    void flushAllThenRefill(int cpu, DirectMap map, PagingStructureCaches pscs) {
        flushAll(cpu);
        pscs.flushAll(cpu);
        refill(cpu, map, pscs);
    }

    /** INVLPG of one page on the CPU, then what it may refill at once. Part of a step. */
    void flushOneThenRefill(int cpu, long page, DirectMap map, PagingStructureCaches pscs) {
        flushOne(cpu, page);
        pscs.flushOne(cpu, page);
        refill(cpu, map, pscs);
    }

    List<TlbEntry> covering(int cpu, long page) {
        accesses.tlb(cpu, false);
        List<TlbEntry> out = new ArrayList<>();
        for (TlbEntry entry : perCpu[cpu]) if (entry.covers(page)) out.add(entry);
        return out;
    }

    /** The first pair of entries of different sizes that disagree on a watched page, or null. */
    TlbEntry[] conflict(int cpu) {
        accesses.tlb(cpu, false);
        for (long page : watched) {
            List<TlbEntry> entries = covering(cpu, page);
            for (int i = 0; i < entries.size(); i++) {
                for (int j = i + 1; j < entries.size(); j++) {
                    if (entries.get(i).conflictsWith(entries.get(j), page)) {
                        TlbEntry a = entries.get(i), b = entries.get(j);
                        return a.size().pages > b.size().pages ? new TlbEntry[] {a, b} : new TlbEntry[] {b, a};
                    }
                }
            }
        }
        return null;
    }

    /** The TLBs in canonical form. */
    void encode(StringBuilder out) {
        for (int cpu = 0; cpu < perCpu.length; cpu++) out.append("tlb").append(cpu).append(encoded(cpu));
    }

    /** {@link #encode} with CPU {@code order[k]} written as CPU k. */
    void encodeRenamed(StringBuilder out, int[] order) {
        for (int k = 0; k < order.length; k++) out.append("tlb").append(k).append(encoded(order[k]));
    }

    void fingerprint(Fingerprint out, int[] order) {
        for (int cpu : order) out.add(hashes(cpu));
    }

    /** Orders two CPUs by their TLBs' contents (any order that ignores the CPUs' numbers serves). */
    int compare(int a, int b) {
        return SetFingerprint.compare(hashes(a), hashes(b));
    }

    /** The TLB's fingerprint: a sum over its entries, so the order they were filled in does not matter. */
    private long[] hashes(int cpu) {
        long[] known = hashes[cpu];
        if (known == null) hashes[cpu] = known = SetFingerprint.of(perCpu[cpu]);
        return known;
    }

    /** One TLB's entries, sorted, without the CPU's number. */
    String encoded(int cpu) {
        if (encoded[cpu] == null) {
            TlbEntry[] sorted = perCpu[cpu].clone();
            Arrays.sort(sorted, ORDER);
            encoded[cpu] = Arrays.toString(sorted);
        }
        return encoded[cpu];
    }
}
