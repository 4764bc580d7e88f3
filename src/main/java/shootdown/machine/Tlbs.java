package shootdown.machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One TLB per CPU, with the worst-case fill semantics of DOMAIN.md section 1: a CPU may fill a
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

    private final List<Set<TlbEntry>> perCpu = new ArrayList<>();
    private final long[] watched;
    /** Each TLB's canonical form, kept until it changes: most steps leave most TLBs alone. */
    private final String[] encoded;

    Tlbs(int cpus, long[] watchedPages) {
        for (int cpu = 0; cpu < cpus; cpu++) perCpu.add(new LinkedHashSet<>());
        this.watched = watchedPages.clone();
        this.encoded = new String[cpus];
    }

    Tlbs copy() {
        Tlbs out = new Tlbs(perCpu.size(), watched);
        for (int cpu = 0; cpu < perCpu.size(); cpu++) out.perCpu.get(cpu).addAll(perCpu.get(cpu));
        System.arraycopy(encoded, 0, out.encoded, 0, encoded.length);
        return out;
    }

    long[] watched() {
        return watched;
    }

    /** Adds what the CPU may fill now from the live tables (speculative walks). */
    void fill(int cpu, DirectMap map) {
        Set<TlbEntry> tlb = perCpu.get(cpu);
        for (long page : watched) {
            Pte leaf = map.walk(page).value();
            if (leaf.isLeaf() && leaf.prot().present() && tlb.add(TlbEntry.of(page, leaf))) encoded[cpu] = null;
        }
    }

    void fillAll(DirectMap map) {
        for (int cpu = 0; cpu < perCpu.size(); cpu++) fill(cpu, map);
    }

    /** Adds an entry the scenario says the CPU holds at the start (possibly already stale). */
    void preload(int cpu, TlbEntry entry) {
        perCpu.get(cpu).add(entry);
        encoded[cpu] = null;
    }

    void flushAll(int cpu) {
        perCpu.get(cpu).clear();
        encoded[cpu] = null;
    }

    /** INVLPG: drops every entry covering the page, whatever its size. */
    void flushOne(int cpu, long page) {
        if (perCpu.get(cpu).removeIf(entry -> entry.covers(page))) encoded[cpu] = null;
    }

    List<TlbEntry> covering(int cpu, long page) {
        List<TlbEntry> out = new ArrayList<>();
        for (TlbEntry entry : perCpu.get(cpu)) if (entry.covers(page)) out.add(entry);
        return out;
    }

    /** The first pair of entries of different sizes that disagree on a watched page, or null. */
    TlbEntry[] conflict(int cpu) {
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

    void encode(StringBuilder out) {
        for (int cpu = 0; cpu < perCpu.size(); cpu++) {
            if (encoded[cpu] == null) {
                Set<TlbEntry> sorted = new TreeSet<>(ORDER);
                sorted.addAll(perCpu.get(cpu));
                encoded[cpu] = "tlb" + cpu + sorted;
            }
            out.append(encoded[cpu]);
        }
    }
}
