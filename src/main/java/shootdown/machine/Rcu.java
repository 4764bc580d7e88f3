package shootdown.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * RCU as the machine's CPUs use it: per CPU, the depth of its read-side critical sections
 * ({@code rcu_read_lock()} nests) and what it has {@code rcu_dereference()}d inside them; and the
 * callbacks {@code call_rcu()} queued. A callback may run only after a grace period: once every
 * CPU that was inside a read section when it was queued has left that section (a CPU outside one
 * is already in a quiescent state). Nothing else holds it back: it may run at any moment after.
 *
 * <p>In the kernel a callback runs from softirq on the CPU that queued it. An exploring engine
 * takes it as an interrupt-context move of its own, in any order with everything else once its
 * grace period has elapsed, beside the IPIs ({@link Inspection#deliverableIpis()}: callback
 * numbers start at {@link #FIRST_CALLBACK}, above every IPI batch's). A native engine cannot
 * schedule moves of its own, so there the CPU whose step ends the grace period runs the callback
 * at once (see {@link Cpu#rcu_read_unlock()}): the earliest moment, and the worst case for a
 * reader of what the callback frees.
 *
 * <p>The hazard this part checks is H7: freeing an object (a page table) that a CPU's current
 * read section still holds a pointer to, i.e. has {@code rcu_dereference()}d since it entered.
 * Model code frees through {@link #checkFree} inside its own step.
 */
public final class Rcu {
    /**
     * Callback numbers as engines see them: from here to twice this, above every IPI batch number
     * (which stay below it), so the two never meet and both fit the explorer's 12-bit field.
     */
    public static final int FIRST_CALLBACK = 1 << 11;

    /** A queued callback; {@code waitFor}: the CPUs whose read section must end first (one bit each). */
    private record Pending(int id, int queuedBy, long waitFor, RcuCallback callback) {
    }

    private final int[] depth;
    private final List<TreeSet<Long>> held = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private int nextId = FIRST_CALLBACK;
    /** Where this part reports what a step touches (set by its machine). */
    Accesses accesses = new Accesses();

    Rcu(int cpus) {
        this.depth = new int[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) held.add(new TreeSet<>());
    }

    private Rcu(Rcu from) {
        this.depth = from.depth.clone();
        for (TreeSet<Long> objects : from.held) held.add(new TreeSet<>(objects));
        pending.addAll(from.pending); // records of immutable callbacks
        this.nextId = from.nextId;
    }

    Rcu copy() {
        return new Rcu(this);
    }

    /** The machine's RCU state, for a step that dereferences or frees RCU-protected objects; only inside a step. */
    public static Rcu of(MachineCore core) {
        return core.rcu;
    }

    public static boolean isCallback(int id) {
        return id >= FIRST_CALLBACK;
    }

    // ---- read-side critical sections ----

    /** {@code rcu_read_lock()}. Part of a step. */
    void lock(int cpu) {
        accesses.rcu(true);
        depth[cpu]++;
    }

    /**
     * {@code rcu_read_unlock()}: leaving the outermost section drops what the CPU held and ends
     * the grace period of every callback that waited only for it. Returns those callbacks (the
     * ones this step made runnable), in queue order. Part of a step.
     */
    List<Integer> unlock(MachineCore core, int cpu) {
        accesses.rcu(true);
        if (depth[cpu] == 0) {
            throw core.hazard(Hazard.Kind.INVARIANT, cpu, cpu, "rcu_read_unlock() outside a read-side critical section",
                    List.of());
        }
        List<Integer> ended = new ArrayList<>();
        if (--depth[cpu] > 0) return ended;
        held.get(cpu).clear();
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            if ((p.waitFor & (1L << cpu)) == 0) continue;
            pending.set(i, new Pending(p.id, p.queuedBy, p.waitFor & ~(1L << cpu), p.callback));
            if (pending.get(i).waitFor == 0) ended.add(p.id);
        }
        return ended;
    }

    public boolean reading(int cpu) {
        accesses.rcu(false);
        return depth[cpu] > 0;
    }

    /**
     * {@code rcu_dereference()}: CPU {@code cpu} now holds a pointer to {@code object} until its
     * read section ends. Outside a section that is lockdep's "suspicious RCU usage". Part of a step.
     */
    public void rcu_dereference(MachineCore core, int cpu, long object, String what) {
        accesses.rcu(true);
        if (depth[cpu] == 0) {
            throw core.hazard(Hazard.Kind.INVARIANT, cpu, cpu, "suspicious RCU usage: " + what
                    + " dereferenced outside rcu_read_lock()", List.of());
        }
        held.get(cpu).add(object);
    }

    /**
     * Called by the step that frees {@code object}: H7 if another CPU's read section still holds
     * a pointer to it (it may be walking it, and reads freed memory next). The freeing CPU
     * itself is not counted: it unlinked the object and is responsible for it (as
     * {@code handle_removed_pt()} says of its table); if it touched the object again, its own
     * read of freed memory would be the hazard.
     */
    public void checkFree(MachineCore core, int actor, long object, String what) {
        accesses.rcu(false);
        for (int cpu = 0; cpu < depth.length; cpu++) {
            if (cpu == actor || !held.get(cpu).contains(object)) continue;
            throw core.hazard(Hazard.Kind.H7_FREED_TABLE_REACHABLE, cpu, actor, what + " was freed while CPU" + cpu
                    + " is inside rcu_read_lock() holding a pointer to it: its walk reads freed memory",
                    List.of("CPU" + cpu + " holds " + held.get(cpu) + " in its read section"));
        }
    }

    // ---- callbacks ----

    /**
     * {@code call_rcu()}: queues the callback behind every CPU reading now. Returns its number if
     * no CPU is reading (it may run at once), else -1 (the step that ends its grace period says
     * so). Part of a step.
     */
    int queue(int cpu, RcuCallback callback) {
        accesses.rcu(true);
        long readers = 0;
        for (int c = 0; c < depth.length; c++) if (depth[c] > 0) readers |= 1L << c;
        int id = newId();
        pending.add(new Pending(id, cpu, readers, callback));
        return readers == 0 ? id : -1;
    }

    /** Runs callback {@code id}, whose grace period has elapsed, in CPU {@code cpu}'s column. Part of a step. */
    void invoke(MachineCore core, int id, int cpu) {
        accesses.rcu(true);
        Pending p = find(id);
        if (p.waitFor != 0) throw new IllegalStateException("RCU callback " + id + " before its grace period");
        pending.remove(p);
        core.record(cpu, "<RCU>", () -> "RCU callback queued by CPU" + p.queuedBy + " runs after a grace period: "
                + p.callback.describe(), -1);
        p.callback.invoke(core);
    }

    /** The callbacks as an exploring engine offers them: {number, CPU}, grace period elapsed or not. */
    List<PendingIpi> asInterrupts() {
        List<PendingIpi> out = new ArrayList<>();
        for (Pending p : pending) {
            out.add(new PendingIpi(p.id, p.queuedBy, p.queuedBy, p.waitFor == 0,
                    p.callback.footprint().union(Footprint.NOTHING.writesRcu())));
        }
        return out;
    }

    /** The next callback number, in {@code [FIRST_CALLBACK, 2 * FIRST_CALLBACK)}, reusing those of callbacks that ran. */
    private int newId() {
        while (true) {
            int id = nextId;
            nextId = FIRST_CALLBACK + (nextId + 1 - FIRST_CALLBACK) % FIRST_CALLBACK;
            if (pending.stream().noneMatch(p -> p.id == id)) return id;
        }
    }

    private Pending find(int id) {
        for (Pending p : pending) if (p.id == id) return p;
        throw new IllegalStateException("no RCU callback " + id);
    }

    // ---- quiescence and state ----

    /** Every read section was left and every callback ran. */
    void checkQuiescent(MachineCore core) {
        for (int cpu = 0; cpu < depth.length; cpu++) {
            if (depth[cpu] > 0) {
                throw core.hazard(Hazard.Kind.INVARIANT, cpu, cpu, "CPU" + cpu + " finished inside rcu_read_lock()",
                        List.of());
            }
        }
        if (!pending.isEmpty()) {
            throw core.hazard(Hazard.Kind.INVARIANT, -1, pending.get(0).queuedBy, "RCU callbacks never ran: "
                    + pending.stream().map(p -> p.callback.describe()).toList(), List.of());
        }
    }

    void encode(StringBuilder out) {
        out.append("rcu");
        for (int cpu = 0; cpu < depth.length; cpu++) out.append(depth[cpu]).append(held.get(cpu)).append(',');
        for (Pending p : pending) {
            out.append("cb").append(p.queuedBy).append('w').append(Long.toHexString(p.waitFor))
                    .append(p.callback.describe()).append(';');
        }
    }

    /** {@link #encode} with CPU {@code order[k]} written as CPU k ({@code rank} the inverse). */
    void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        out.append("rcu");
        for (int cpu : order) out.append(depth[cpu]).append(held.get(cpu)).append(',');
        for (Pending p : pending) {
            long renamed = 0;
            for (int cpu = 0; cpu < depth.length; cpu++) if ((p.waitFor >>> cpu & 1) != 0) renamed |= 1L << rank[cpu];
            out.append("cb").append(rank[p.queuedBy]).append('w').append(Long.toHexString(renamed))
                    .append(p.callback.describe()).append(';');
        }
    }

    /** CPU {@code order[k]} counted as CPU k; {@code rank} is the inverse of {@code order}. */
    void fingerprint(Fingerprint out, int[] order, int[] rank) {
        for (int cpu : order) {
            out.add(depth[cpu]);
            out.add(held.get(cpu).size());
            for (long object : held.get(cpu)) out.add(object);
        }
        out.add(pending.size());
        for (Pending p : pending) {
            long renamed = 0;
            for (int cpu = 0; cpu < depth.length; cpu++) if ((p.waitFor & (1L << cpu)) != 0) renamed |= 1L << rank[cpu];
            out.add(rank[p.queuedBy]);
            out.add(renamed);
            out.add(Fingerprint.hashes(p.callback.describe()));
        }
    }

    /** Orders two CPUs by their read sections (any order that ignores the CPUs' numbers serves). */
    int compare(int a, int b) {
        return Integer.compare(depth[a], depth[b]);
    }
}
