package shootdown.model.snp;

import shootdown.machine.Hex;
import java.util.TreeMap;
import shootdown.machine.Device;
import shootdown.machine.Fingerprint;
import shootdown.machine.MachineCore;

/**
 * The guest_memfd's folios as shared kernel state: which are locked ({@code folio_lock()}, held
 * by {@code kvm_gmem_get_pfn()} while the folio is prepared), and by which CPU. A folio is named
 * by its first gfn. Touched only inside machine steps.
 */
final class GuestMemfd implements Device {
    private final TreeMap<Long, Integer> locked = new TreeMap<>();

    @Override
    public GuestMemfd copy(MachineCore into) {
        GuestMemfd out = new GuestMemfd();
        out.locked.putAll(locked);
        return out;
    }

    boolean isLocked(long folio) {
        return locked.containsKey(folio);
    }

    void lock(long folio, int cpu) {
        if (locked.putIfAbsent(folio, cpu) != null) throw new IllegalStateException("folio " + Hex.of(folio) + " locked twice");
    }

    void unlock(long folio, int cpu) {
        Integer owner = locked.remove(folio);
        if (owner == null || owner != cpu) throw new IllegalStateException("folio " + Hex.of(folio) + " not locked by CPU" + cpu);
    }

    /** The locked folios, each with its owner counted as CPU {@code rank[owner]}. */
    @Override
    public void fingerprint(Fingerprint out, int[] order, int[] rank) {
        out.add(locked.size());
        for (java.util.Map.Entry<Long, Integer> e : locked.entrySet()) {
            out.add(e.getKey());
            out.add(rank[e.getValue()]);
        }
    }

    @Override
    public void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        out.append("gmem locked={");
        for (java.util.Map.Entry<Long, Integer> e : locked.entrySet()) out.append(e.getKey()).append("=CPU").append(rank[e.getValue()]).append(',');
        out.append("};");
    }

    /** A CPU holding a folio lock before one holding none, then by the folio. */
    @Override
    public int compareCpus(int a, int b) {
        return Long.compare(folioHeldBy(a), folioHeldBy(b));
    }

    private long folioHeldBy(int cpu) {
        for (java.util.Map.Entry<Long, Integer> e : locked.entrySet()) if (e.getValue() == cpu) return e.getKey();
        return Long.MAX_VALUE;
    }

    @Override
    public void encode(StringBuilder out) {
        out.append("gmem locked=").append(locked).append(';');
    }
}
