package shootdown.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The CPUs' write-back caches as SEV sees them (docs/machine.md, "Hazards"). A guest's
 * writes leave dirty lines in the cache of the CPU that ran it, tagged with the guest's ASID
 * and the guest frame written; nothing but {@code WBINVD}/{@code WBNOINVD} on that CPU writes
 * them back (CLFLUSH through a host mapping does not: the tag differs). Hazard H4: memory handed
 * back to the host while some CPU still holds dirty lines of the guest for it, whose later
 * write-back corrupts host data.
 */
public final class Caches implements Device {

    /** A dirty line: written by the guest of {@code asid} to guest frame {@code gfn}. */
    public record Line(int asid, long gfn) implements Comparable<Line> {
        @Override
        public int compareTo(Line o) {
            return asid != o.asid ? Integer.compare(asid, o.asid) : Long.compare(gfn, o.gfn);
        }

        @Override
        public String toString() {
            return "ASID " + asid + " gfn 0x" + Long.toHexString(gfn);
        }
    }

    /** {@code wbinvd()} on the CPU that takes the IPI: write back, then drop every line. */
    public static final IpiWork WBINVD = new IpiWork() {
        @Override public void run(MachineCore core, int cpu) { core.device(Caches.class).writeBack(core, cpu); }
        @Override public String describe() { return "wbinvd"; }
    };

    /** {@code wbnoinvd()}: write back every dirty line, keep them as clean lines. */
    public static final IpiWork WBNOINVD = new IpiWork() {
        @Override public void run(MachineCore core, int cpu) { core.device(Caches.class).writeBack(core, cpu); }
        @Override public String describe() { return "wbnoinvd"; }
    };

    /** Cost counter: CPUs that executed a write-back, one per CPU per flush. */
    public static final String FLUSHES = "CPUs flushed (WBINVD/WBNOINVD)";

    private final List<TreeSet<Line>> dirty = new ArrayList<>();

    public Caches(int cpus) {
        for (int cpu = 0; cpu < cpus; cpu++) dirty.add(new TreeSet<>());
    }

    @Override
    public Caches copy(MachineCore into) {
        Caches out = new Caches(0);
        for (TreeSet<Line> lines : dirty) out.dirty.add(new TreeSet<>(lines));
        return out;
    }

    /** A guest write on this CPU: the line stays dirty in this CPU's cache. Part of a step. */
    public void write(int cpu, int asid, long gfn) {
        dirty.get(cpu).add(new Line(asid, gfn));
    }

    /** WBINVD/WBNOINVD on this CPU: every dirty line is written back. Part of a step. */
    public void writeBack(MachineCore core, int cpu) {
        dirty.get(cpu).clear();
        core.count(FLUSHES, 1);
    }

    /** The CPUs holding a dirty line of that guest frame, as a step returns them to model code. */
    public CpuSet holderSet(int asid, long gfn) {
        Line line = new Line(asid, gfn);
        long bits = 0;
        for (int cpu = 0; cpu < dirty.size(); cpu++) if (dirty.get(cpu).contains(line)) bits |= 1L << cpu;
        return new CpuSet(bits);
    }

    /** The CPUs holding a dirty line of that guest frame, in CPU order. */
    public List<Integer> holders(int asid, long gfn) {
        Line line = new Line(asid, gfn);
        List<Integer> out = new ArrayList<>();
        for (int cpu = 0; cpu < dirty.size(); cpu++) if (dirty.get(cpu).contains(line)) out.add(cpu);
        return out;
    }

    /** The dirty lines of one CPU, in order. */
    public List<Line> dirtyLines(int cpu) {
        return List.copyOf(dirty.get(cpu));
    }

    /**
     * Checks, at the step that hands guest frame {@code gfn} back to the host, that no CPU still
     * holds a dirty line of the guest for it; otherwise hazard H4 naming the first such CPU.
     */
    public void checkReclaimed(MachineCore core, int actor, int asid, long gfn) {
        List<Integer> holders = holders(asid, gfn);
        if (holders.isEmpty()) return;
        int victim = holders.get(0);
        List<String> evidence = new ArrayList<>();
        for (int cpu : holders) evidence.add("CPU" + cpu + " dirty: " + dirty.get(cpu));
        throw core.hazard(Hazard.Kind.H4_DIRTY_CACHE_ON_RECLAIM, victim, actor,
                "gfn 0x" + Long.toHexString(gfn) + " of ASID " + asid + " was handed back to the host while CPU"
                        + victim + " still holds a dirty line for it: its later write-back corrupts host data",
                evidence);
    }

    /** Each CPU's dirty lines, CPU {@code order[k]} as CPU k: a line names its guest, never a CPU. */
    @Override
    public void fingerprint(Fingerprint out, int[] order, int[] rank) {
        for (int cpu : order) {
            TreeSet<Line> lines = dirty.get(cpu);
            out.add(lines.size());
            for (Line line : lines) {
                out.add(line.asid);
                out.add(line.gfn);
            }
        }
    }

    @Override
    public void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        out.append("caches");
        for (int cpu : order) {
            out.append('[');
            for (Line line : dirty.get(cpu)) out.append(line.asid).append(':').append(line.gfn).append(',');
            out.append(']');
        }
    }

    /** By their dirty lines, in order (what a CPU's cache holds, whatever its number). */
    @Override
    public int compareCpus(int a, int b) {
        java.util.Iterator<Line> x = dirty.get(a).iterator(), y = dirty.get(b).iterator();
        while (x.hasNext() && y.hasNext()) {
            int c = x.next().compareTo(y.next());
            if (c != 0) return c;
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }

    @Override
    public void encode(StringBuilder out) {
        out.append("caches");
        for (TreeSet<Line> lines : dirty) {
            out.append('[');
            for (Line line : lines) out.append(line.asid).append(':').append(line.gfn).append(',');
            out.append(']');
        }
    }

    // ---- outcome (what a lock-removal certificate compares) ----

    /** The same state as {@link #encode}, as a reviewer reads it: each CPU's dirty lines. */
    @Override
    public void outcome(StringBuilder out) {
        for (int cpu = 0; cpu < dirty.size(); cpu++) {
            out.append(cpu == 0 ? "" : "; ").append("CPU").append(cpu)
                    .append(dirty.get(cpu).isEmpty() ? " clean" : " dirty " + dirty.get(cpu));
        }
    }
}
