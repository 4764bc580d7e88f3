package shootdown.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SEV-SNP Reverse Map Table (docs/machine.md): one entry per 4K frame, hardware every
 * CPU shares. Frames are numbered like direct-map pages (page v maps frame v). Only entries
 * that differ from the boot state (hypervisor-owned, 4K) are stored.
 *
 * <p>RMPUPDATE takes two steps: the firmware first locks the 2M range of the frame, then writes
 * the entry and unlocks. Another RMPUPDATE in that range meanwhile fails with
 * {@link #RMPUPDATE_FAIL_OVERLAP}, a PSMASH with {@link #FAIL_INUSE}. What the model treats as
 * malformed (a 2M entry at an unaligned frame or gpa, a 2M assignment over assigned 4K frames,
 * a 4K update inside a 2M assigned entry) fails with {@link #FAIL_INPUT}: the kernel must not
 * ask for it, and retrying cannot help.
 *
 * <p>Checks happen at 4K/2M granularity: a host write through a 4K translation faults if that
 * frame is assigned; through a 2M or 1G translation, if any frame of the 2M range containing
 * the target is assigned. Every method is called inside a machine step.
 */
public final class Rmp implements Device {
    /** RMPUPDATE/PSMASH return codes (arch/x86/include/asm/sev.h). */
    public static final int FAIL_INPUT = 1;
    public static final int FAIL_INUSE = 3;
    public static final int RMPUPDATE_FAIL_OVERLAP = 4;

    private static final long PAGES_2M = PageSize.SIZE_2M.pages;

    /** What {@code snp_lookup_rmpentry()} reports: assigned, and the level of the entry in force. */
    public record Lookup(boolean assigned, PageSize level) {
        @Override
        public String toString() {
            return (assigned ? "assigned" : "shared") + " at " + level;
        }
    }

    /** The outcome of the RMP check on one host write. */
    public record HostWriteCheck(long page, List<TlbEntry> translations, TlbEntry faulting, long assignedFrame) {
        public boolean faults() {
            return faulting != null;
        }

        @Override
        public String toString() {
            if (translations.isEmpty()) return "no translation of " + Hex.of(page);
            if (!faults()) return "passes through " + translations;
            return "faults: through " + faulting + " frame " + Hex.of(assignedFrame)
                    + (faulting.size().isLarge() ? " of that 2M range" : "") + " is assigned";
        }
    }

    /** Why a guest access exits with a nested page fault, if it does. */
    public enum NestedFault {
        NONE("no fault"),
        /** The gfn's frame is not (yet) private to the guest: KVM must fault it in. */
        NPT_MISS("#NPF, page not present"),
        /** PFERR_GUEST_RMP | PFERR_GUEST_SIZEM: a 2M RMP entry seen through a 4K NPT mapping. */
        RMP_SIZEM("#NPF with RMP and SIZEM bits"),
        /** PFERR_GUEST_RMP without SIZEM: the entry is private but assigned at another gpa. */
        RMP("#NPF with RMP bit");

        public final String text;

        NestedFault(String text) {
            this.text = text;
        }
    }

    private record Update(int cpu, long pfn, RmpEntry state) {
    }

    private final TreeMap<Long, RmpEntry> entries = new TreeMap<>();
    /** In-flight RMPUPDATEs by 2M range (first frame of the range). */
    private final TreeMap<Long, Update> updating = new TreeMap<>();

    @Override
    public Rmp copy(MachineCore into) {
        Rmp out = new Rmp();
        out.entries.putAll(entries); // entries and updates are immutable values
        out.updating.putAll(updating);
        return out;
    }

    // ---- boot ----

    /** Installs an entry before any CPU runs (e.g. a guest's 2M page already private). */
    public void bootAssign(long pfn, RmpEntry state) {
        if (validate(pfn, state) != 0) throw new IllegalArgumentException("malformed boot RMP entry " + state);
        apply(pfn, state);
    }

    // ---- RMPUPDATE ----

    /** RMPUPDATE, first half: validate and lock the 2M range; 0 or a failure code. */
    public int rmpupdate_start(int cpu, long pfn, RmpEntry state) {
        long range = base(pfn);
        if (updating.containsKey(range)) return RMPUPDATE_FAIL_OVERLAP;
        int ret = validate(pfn, state);
        if (ret != 0) return ret;
        updating.put(range, new Update(cpu, pfn, state));
        return 0;
    }

    /** RMPUPDATE, second half: write the entry this CPU started, unlock the range. */
    public RmpEntry rmpupdate_finish(int cpu) {
        for (Map.Entry<Long, Update> e : updating.entrySet()) {
            Update update = e.getValue();
            if (update.cpu == cpu) {
                updating.remove(e.getKey());
                apply(update.pfn, update.state);
                return update.state;
            }
        }
        throw new IllegalStateException("CPU" + cpu + " has no RMPUPDATE in flight");
    }

    /** No RMPUPDATE is in flight in the 2M range of the frame: a retry can start. */
    public boolean rangeIdle(long pfn) {
        return !updating.containsKey(base(pfn));
    }

    // ---- PSMASH ----

    /** Splits the 2M entry at the frame's 2M range into 512 4K entries; 0 or a failure code. */
    public int psmash(long pfn) {
        long range = base(pfn);
        if (updating.containsKey(range)) return FAIL_INUSE;
        RmpEntry large = entry(range);
        if (!large.assigned() || large.pagesize() != PageSize.SIZE_2M) return FAIL_INPUT;
        for (long i = 0; i < PAGES_2M; i++) {
            entries.put(range + i, RmpEntry.privateTo(large.asid(), large.gpa() + i, PageSize.SIZE_4K));
        }
        return 0;
    }

    // ---- lookups and checks ----

    /** The entry in force for the frame: the 2M entry of its range if there is one. */
    public RmpEntry authoritative(long pfn) {
        RmpEntry large = entry(base(pfn));
        if (large.assigned() && large.pagesize() == PageSize.SIZE_2M) {
            return RmpEntry.privateTo(large.asid(), large.gpa() + (pfn - base(pfn)), PageSize.SIZE_2M);
        }
        return entry(pfn);
    }

    public boolean assigned(long pfn) {
        return authoritative(pfn).assigned();
    }

    public Lookup lookup(long pfn) {
        RmpEntry e = authoritative(pfn);
        return new Lookup(e.assigned(), e.assigned() ? e.pagesize() : PageSize.SIZE_4K);
    }

    /** Some frame of {@code [pfn, pfn + npages)}, a range within one 2M range, is assigned. */
    public boolean anyAssigned(long pfn, long npages) {
        return firstAssigned(pfn, npages) >= 0;
    }

    /** The RMP check on a host write to {@code page} through any of {@code translations}. */
    public HostWriteCheck check_host_write(long page, List<TlbEntry> translations) {
        for (TlbEntry t : translations) {
            long frame = t.frameFor(page);
            long assigned = t.size() == PageSize.SIZE_4K
                    ? (assigned(frame) ? frame : -1)
                    : firstAssigned(base(frame), PAGES_2M);
            if (assigned >= 0) return new HostWriteCheck(page, translations, t, assigned);
        }
        return new HostWriteCheck(page, translations, null, -1);
    }

    /**
     * The nested walk of a guest access to {@code gfn}, mapped to {@code pfn} at {@code nptLevel}
     * in the NPT: the RMP entry must be assigned to the guest at that gpa, and a 2M entry needs a
     * 2M mapping.
     */
    public NestedFault check_guest_access(int asid, long gfn, long pfn, PageSize nptLevel) {
        RmpEntry e = authoritative(pfn);
        if (!e.assigned() || e.asid() != asid) return NestedFault.NPT_MISS;
        if (e.pagesize().pages > nptLevel.pages) return NestedFault.RMP_SIZEM;
        if (e.gpa() != gfn) return NestedFault.RMP;
        return NestedFault.NONE;
    }

    // ---- device ----

    @Override
    public void encode(StringBuilder out) {
        out.append("rmp");
        for (Map.Entry<Long, RmpEntry> e : entries.entrySet()) out.append(e.getKey()).append('=').append(e.getValue()).append(',');
        out.append("updating").append(updating).append(';');
    }

    /**
     * The entries (they name no CPU) and the updates in flight, each with the CPU
     * that started it counted as CPU {@code rank[cpu]}: that CPU, and only it, finishes it.
     */
    @Override
    public void fingerprint(Fingerprint out, int[] order, int[] rank) {
        out.add(entries.size());
        for (Map.Entry<Long, RmpEntry> e : entries.entrySet()) {
            out.add(e.getKey());
            add(out, e.getValue());
        }
        out.add(updating.size());
        for (Map.Entry<Long, Update> e : updating.entrySet()) {
            Update update = e.getValue();
            out.add(e.getKey());
            out.add(rank[update.cpu]);
            out.add(update.pfn);
            add(out, update.state);
        }
    }

    @Override
    public void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        out.append("rmp");
        for (Map.Entry<Long, RmpEntry> e : entries.entrySet()) out.append(e.getKey()).append('=').append(e.getValue()).append(',');
        out.append("updating{");
        for (Map.Entry<Long, Update> e : updating.entrySet()) {
            Update u = e.getValue();
            out.append(e.getKey()).append("=CPU").append(rank[u.cpu]).append(',').append(u.pfn).append(',').append(u.state).append(';');
        }
        out.append('}');
    }

    /** An entry field by field. */
    private static void add(Fingerprint out, RmpEntry e) {
        out.add(e.assigned() ? 1 : 0);
        out.add(e.asid());
        out.add(e.gpa());
        out.add(e.pagesize().ordinal());
    }

    /** A CPU with an RMPUPDATE in flight before one without, then by the frame it updates. */
    @Override
    public int compareCpus(int a, int b) {
        return Long.compare(updatingFrame(a), updatingFrame(b));
    }

    private long updatingFrame(int cpu) {
        for (Update update : updating.values()) if (update.cpu == cpu) return update.pfn;
        return Long.MAX_VALUE;
    }

    @Override
    public void checkQuiescent(MachineCore core) {
        if (!updating.isEmpty()) {
            throw core.hazard(Hazard.Kind.INVARIANT, -1, -1, "an RMPUPDATE never completed", List.of(updating.toString()));
        }
    }

    /** Entries that differ from the boot state, for tests and reports. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        entries.forEach((pfn, e) -> out.add(Hex.of(pfn) + ": " + e));
        return out;
    }

    private RmpEntry entry(long pfn) {
        return entries.getOrDefault(pfn, RmpEntry.SHARED);
    }

    private int validate(long pfn, RmpEntry state) {
        long range = base(pfn);
        if (state.pagesize() == PageSize.SIZE_2M) {
            if (pfn != range) return FAIL_INPUT;
            if (state.assigned() && state.gpa() % PAGES_2M != 0) return FAIL_INPUT;
            if (state.assigned() && anyAssigned(range, PAGES_2M)) return FAIL_INPUT;
            return 0;
        }
        if (state.pagesize() != PageSize.SIZE_4K) return FAIL_INPUT;
        RmpEntry large = entry(range);
        if (large.assigned() && large.pagesize() == PageSize.SIZE_2M) return FAIL_INPUT; // PSMASH first
        return 0;
    }

    private void apply(long pfn, RmpEntry state) {
        if (state.pagesize() == PageSize.SIZE_2M) {
            entries.subMap(pfn, pfn + PAGES_2M).clear();
            if (state.assigned()) entries.put(pfn, state);
            return;
        }
        if (state.equals(RmpEntry.SHARED)) entries.remove(pfn);
        else entries.put(pfn, state);
    }

    private long firstAssigned(long pfn, long npages) {
        RmpEntry large = entry(base(pfn));
        if (large.assigned() && large.pagesize() == PageSize.SIZE_2M) return pfn;
        for (Map.Entry<Long, RmpEntry> e : entries.subMap(pfn, pfn + npages).entrySet()) {
            if (e.getValue().assigned()) return e.getKey();
        }
        return -1;
    }

    private static long base(long pfn) {
        return PageSize.SIZE_2M.alignDown(pfn);
    }
}
