package shootdown.model.wb;

import java.util.List;
import java.util.TreeSet;
import shootdown.machine.Device;
import shootdown.machine.Fingerprint;
import shootdown.machine.MachineCore;

/**
 * The guest frames mapped in the VM's nested page tables. A guest run may write any of them
 * (the worst case: every mapped frame gets a dirty line). Reclaim zaps a frame first; from
 * then on no vCPU can write it, but lines it dirtied before stay in the caches.
 */
final class GuestMemory implements Device {
    private final TreeSet<Long> mapped = new TreeSet<>();

    GuestMemory(int frames) {
        for (long gfn = 0; gfn < frames; gfn++) mapped.add(gfn);
    }

    private GuestMemory(GuestMemory from) {
        mapped.addAll(from.mapped);
    }

    @Override
    public GuestMemory copy(MachineCore into) {
        return new GuestMemory(this);
    }

    List<Long> mapped() {
        return List.copyOf(mapped);
    }

    void unmap(long gfn) {
        mapped.remove(gfn);
    }

    /** The frames still mapped: nothing here names a CPU. */
    @Override
    public void fingerprint(Fingerprint out, int[] order, int[] rank) {
        out.add(mapped.size());
        for (long gfn : mapped) out.add(gfn);
    }

    /** Names no CPU: its text is the same under any renaming. */
    @Override
    public void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        encode(out);
    }

    @Override
    public void encode(StringBuilder out) {
        out.append("npt:").append(mapped).append(';');
    }
}
