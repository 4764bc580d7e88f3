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
    /** Per CPU: its set is shared with a copy until either changes it (copy on write). */
    private final boolean[] shared;
    private final long[] watched;
    /** Each TLB's canonical form, kept until it changes: most steps leave most TLBs alone. */
    private final String[] encoded;
    /** The hashes of each {@link #encoded}, for fingerprints and ordering. */
    private final long[][] hashes;
    /** Set once a copy shares this one's sets. */
    private boolean frozen;

    Tlbs(int cpus, long[] watchedPages) {
        for (int cpu = 0; cpu < cpus; cpu++) perCpu.add(new LinkedHashSet<>());
        this.shared = new boolean[cpus];
        this.watched = watchedPages.clone();
        this.encoded = new String[cpus];
        this.hashes = new long[cpus][];
    }

    /** A copy that shares every CPU's set with this one; this one is not written again (it is a snapshot). */
    private Tlbs(Tlbs from) {
        from.frozen = true;
        this.perCpu.addAll(from.perCpu);
        this.shared = new boolean[from.shared.length];
        java.util.Arrays.fill(shared, true);
        this.watched = from.watched;
        this.encoded = from.encoded.clone();
        this.hashes = from.hashes.clone();
    }

    Tlbs copy() {
        return new Tlbs(this);
    }

    long[] watched() {
        return watched;
    }

    /** CPU {@code cpu}'s set, made this copy's own before a change. */
    private Set<TlbEntry> own(int cpu) {
        if (frozen) throw new IllegalStateException("a machine that was copied is not written again");
        if (shared[cpu]) {
            perCpu.set(cpu, new LinkedHashSet<>(perCpu.get(cpu)));
            shared[cpu] = false;
        }
        return perCpu.get(cpu);
    }

    /** Adds what the CPU may fill now from the live tables (speculative walks). */
    void fill(int cpu, DirectMap map) {
        for (long page : watched) {
            Pte leaf = map.walk(page).value();
            if (!leaf.isLeaf() || !leaf.prot().present()) continue;
            TlbEntry entry = TlbEntry.of(page, leaf);
            if (!perCpu.get(cpu).contains(entry) && own(cpu).add(entry)) {
                encoded[cpu] = null;
                hashes[cpu] = null;
            }
        }
    }

    void fillAll(DirectMap map) {
        for (int cpu = 0; cpu < perCpu.size(); cpu++) fill(cpu, map);
    }

    /** Adds an entry the scenario says the CPU holds at the start (possibly already stale). */
    void preload(int cpu, TlbEntry entry) {
        own(cpu).add(entry);
        encoded[cpu] = null;
        hashes[cpu] = null;
    }

    void flushAll(int cpu) {
        if (perCpu.get(cpu).isEmpty()) return;
        own(cpu).clear();
        encoded[cpu] = null;
        hashes[cpu] = null;
    }

    /** INVLPG: drops every entry covering the page, whatever its size. */
    void flushOne(int cpu, long page) {
        if (perCpu.get(cpu).stream().noneMatch(entry -> entry.covers(page))) return;
        own(cpu).removeIf(entry -> entry.covers(page));
        encoded[cpu] = null;
        hashes[cpu] = null;
    }

    /** Drops every entry of the CPU; it may refill from the live tables at once. Part of a step. */
    void flushAllThenRefill(int cpu, DirectMap map) {
        flushAll(cpu);
        fill(cpu, map);
    }

    /** INVLPG of one page on the CPU, then what it may refill at once. Part of a step. */
    void flushOneThenRefill(int cpu, long page, DirectMap map) {
        flushOne(cpu, page);
        fill(cpu, map);
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

    /** The TLBs in canonical form. */
    void encode(StringBuilder out) {
        for (int cpu = 0; cpu < perCpu.size(); cpu++) out.append("tlb").append(cpu).append(encoded(cpu));
    }

    void fingerprint(Fingerprint out, int[] order) {
        for (int cpu : order) out.add(hashes(cpu));
    }

    /** Orders two CPUs by their TLBs' contents (any order that ignores the CPUs' numbers serves). */
    int compare(int a, int b) {
        long[] x = hashes(a), y = hashes(b);
        return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
    }

    /** The TLB's fingerprint: a sum over its entries, so the set's order does not matter and nothing is sorted. */
    private long[] hashes(int cpu) {
        if (hashes[cpu] == null) {
            long sumA = 0, sumB = 0;
            Fingerprint entry = new Fingerprint();
            for (TlbEntry e : perCpu.get(cpu)) {
                entry.reset();
                e.fingerprint(entry);
                sumA += entry.a();
                sumB += entry.b();
            }
            Fingerprint all = new Fingerprint();
            all.add(perCpu.get(cpu).size());
            all.add(sumA);
            all.add(sumB);
            hashes[cpu] = new long[] {all.a(), all.b()};
        }
        return hashes[cpu];
    }

    /** One TLB's entries, sorted, without the CPU's number. */
    String encoded(int cpu) {
        if (encoded[cpu] == null) {
            Set<TlbEntry> sorted = new TreeSet<>(ORDER);
            sorted.addAll(perCpu.get(cpu));
            encoded[cpu] = sorted.toString();
        }
        return encoded[cpu];
    }
}
