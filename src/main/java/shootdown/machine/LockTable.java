package shootdown.machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds each lock of one machine. The names are registered once and shared by every
 * snapshot of the machine (model code keeps the handles it got at boot); the holders are
 * per snapshot, one slot per lock.
 */
final class LockTable {
    /** The locks by name, in registration order; shared between a machine and its copies. */
    private static final class Registry {
        final Map<String, SpinLock> spin = new LinkedHashMap<>();
        final Map<String, RwLock> rw = new LinkedHashMap<>();

        int size() {
            return spin.size() + rw.size();
        }
    }

    private final Registry registry;
    /** Per slot: the spinlock's owner, or the rwlock's writer; UNLOCKED if none. */
    private int[] writer;
    /** Per slot: the rwlock's readers, one bit per CPU. */
    private long[] readers;
    /** Where this part reports what a step touches (set by its machine). */
    Accesses accesses = new Accesses();

    LockTable() {
        this(new Registry(), new int[0], new long[0]);
    }

    private LockTable(Registry registry, int[] writer, long[] readers) {
        this.registry = registry;
        this.writer = writer;
        this.readers = readers;
    }

    LockTable copy() {
        return new LockTable(registry, writer.clone(), readers.clone());
    }

    SpinLock spin(String name) {
        return registry.spin.computeIfAbsent(name, n -> new SpinLock(n, registry.size()));
    }

    RwLock rw(String name) {
        return registry.rw.computeIfAbsent(name, n -> new RwLock(n, registry.size()));
    }

    /** The step {@code spin_lock()}/{@code read_lock()}/{@code write_lock()} if the lock is free for it. */
    boolean lock(MachineCore core, int cpu, KernelLock lock, LockMode mode) {
        if (!tryLock(lock, cpu, mode)) return false;
        core.count(lock.name() + mode.counted + " acquisitions", 1);
        core.record(cpu, null, () -> mode.lock + "(&" + lock.name() + ")", -1);
        return true;
    }

    /** The step {@code spin_unlock()}/{@code read_unlock()}/{@code write_unlock()}; the CPU must hold the lock so. */
    void release(MachineCore core, int cpu, KernelLock lock, LockMode mode) {
        if (!unlock(lock, cpu, mode)) {
            throw core.hazard(Hazard.Kind.INVARIANT, cpu, cpu,
                    mode.unlock + "(&" + lock.name() + ") by a CPU that does not hold it" + mode.held, List.of());
        }
        core.record(cpu, null, () -> mode.unlock + "(&" + lock.name() + ")", -1);
    }

    /** Takes the lock for {@code mode} if it is free for it. */
    boolean tryLock(KernelLock lock, int cpu, LockMode mode) {
        int slot = slot(lock.index, lock.name());
        accesses.lock(lock, false);
        boolean free = writerOf(slot) == SpinLock.UNLOCKED && (mode == LockMode.READ || !hasReaders(slot));
        if (!free) return false;
        accesses.lock(lock, mode != LockMode.READ); // a read hold changes only this CPU's reader bit (see Footprint#readsLock)
        if (mode == LockMode.READ) setReader(slot, cpu, true);
        else setWriter(slot, cpu);
        return true;
    }

    /** Drops the CPU's hold of the lock for {@code mode}; false if it did not hold it so. */
    boolean unlock(KernelLock lock, int cpu, LockMode mode) {
        int slot = slot(lock.index, lock.name());
        accesses.lock(lock, false);
        boolean held = mode == LockMode.READ ? isReader(slot, cpu) : writerOf(slot) == cpu;
        if (!held) return false;
        accesses.lock(lock, mode != LockMode.READ); // a read hold changes only this CPU's reader bit (see Footprint#readsLock)
        if (mode == LockMode.READ) setReader(slot, cpu, false);
        else setWriter(slot, SpinLock.UNLOCKED);
        return true;
    }

    int owner(SpinLock lock) {
        accesses.lock(lock, false);
        return writerOf(slot(lock.index, lock.name()));
    }

    int writer(RwLock lock) {
        accesses.lock(lock, false);
        return writerOf(slot(lock.index, lock.name()));
    }

    boolean hasReaders(RwLock lock) {
        accesses.lock(lock, false);
        return hasReaders(slot(lock.index, lock.name()));
    }

    boolean isReader(RwLock lock, int cpu) {
        accesses.lock(lock, false);
        return isReader(slot(lock.index, lock.name()), cpu);
    }

    private boolean hasReaders(int slot) {
        return slot < readers.length && readers[slot] != 0;
    }

    private boolean isReader(int slot, int cpu) {
        return slot < readers.length && (readers[slot] & (1L << cpu)) != 0;
    }

    private void setReader(int slot, int cpu, boolean reading) {
        grow(slot);
        if (reading) readers[slot] |= 1L << cpu;
        else readers[slot] &= ~(1L << cpu);
    }

    /** How {@code cpu} holds the lock: "read", "write", or null. */
    String heldBy(int cpu, RwLock lock) {
        if (writer(lock) == cpu) return "write";
        return isReader(lock, cpu) ? "read" : null;
    }

    /** The locks {@code cpu} holds, as a trace lists them. */
    List<String> heldBy(int cpu) {
        List<String> out = new ArrayList<>();
        for (SpinLock lock : registry.spin.values()) if (owner(lock) == cpu) out.add(lock.name());
        for (RwLock lock : registry.rw.values()) {
            String mode = heldBy(cpu, lock);
            if (mode != null) out.add(lock.name() + " (" + mode + ")");
        }
        return out;
    }

    void encode(StringBuilder out) {
        for (SpinLock lock : registry.spin.values()) out.append(lock.name()).append('=').append(owner(lock)).append(';');
        for (RwLock lock : registry.rw.values()) {
            int slot = lock.index;
            out.append(lock.name()).append("=w").append(writer(lock)).append('r')
                    .append(slot < readers.length ? Long.toHexString(readers[slot]) : "0").append(';');
        }
    }

    /** {@link #encode} with CPU c written as CPU {@code rank[c]}: holders and readers renamed. */
    void encodeRenamed(StringBuilder out, int[] rank) {
        for (SpinLock lock : registry.spin.values()) {
            int owner = writerOf(lock.index);
            out.append(lock.name()).append('=').append(owner < 0 ? owner : rank[owner]).append(';');
        }
        for (RwLock lock : registry.rw.values()) {
            int w = writerOf(lock.index);
            long bits = lock.index < readers.length ? readers[lock.index] : 0, renamed = 0;
            for (int cpu = 0; cpu < rank.length; cpu++) if ((bits >>> cpu & 1) != 0) renamed |= 1L << rank[cpu];
            out.append(lock.name()).append("=w").append(w < 0 ? w : rank[w]).append('r')
                    .append(Long.toHexString(renamed)).append(';');
        }
    }

    /** The holders' fingerprint, CPU c counted as {@code rank[c]}. */
    void fingerprint(Fingerprint out, int[] rank) {
        for (SpinLock lock : registry.spin.values()) out.add(renamed(owner(lock), rank));
        for (RwLock lock : registry.rw.values()) {
            out.add(renamed(writer(lock), rank));
            out.add(renamedReaders(lock, rank));
        }
    }

    /** The lock's readers, one bit per CPU, CPU c as bit {@code rank[c]}. */
    private long renamedReaders(RwLock lock, int[] rank) {
        int slot = lock.index;
        long bits = slot < readers.length ? readers[slot] : 0;
        long out = 0;
        for (int cpu = 0; cpu < rank.length; cpu++) if ((bits & (1L << cpu)) != 0) out |= 1L << rank[cpu];
        return out;
    }

    private static int renamed(int cpu, int[] rank) {
        return cpu < 0 ? cpu : rank[cpu];
    }

    /** A handle of this machine's registry: its slot. */
    private int slot(int index, String name) {
        if (index >= registry.size()) throw new IllegalStateException("lock " + name + " is not this machine's");
        return index;
    }

    private int writerOf(int slot) {
        return slot < writer.length ? writer[slot] : SpinLock.UNLOCKED;
    }

    private void setWriter(int slot, int cpu) {
        grow(slot);
        writer[slot] = cpu;
    }

    private void grow(int slot) {
        if (slot < writer.length) return;
        int size = Math.max(slot + 1, registry.size());
        int old = writer.length;
        writer = java.util.Arrays.copyOf(writer, size);
        java.util.Arrays.fill(writer, old, size, SpinLock.UNLOCKED);
        readers = java.util.Arrays.copyOf(readers, size);
    }
}
