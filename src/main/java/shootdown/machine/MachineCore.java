package shootdown.machine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated machine's state and its atomic steps. Every public method here is one step:
 * engines make it atomic (Lincheck treats this class's methods as atomic; real threads take its
 * monitor; the explorer runs one CPU at a time). Model code never calls it directly: it goes
 * through {@link Cpu}, which announces each step to the {@link Sched} first.
 */
public final class MachineCore {
    private final int cpus;
    private final DirectMap map;
    private final Tlbs tlbs;
    private final LockTable locks;
    private final List<IpiBatch> ipis = new ArrayList<>();
    private final boolean[] irqsDisabled;
    private final List<CompletedChange> completed;
    /** The returned changes in canonical (sorted) form, kept until the next return. */
    private String completedEncoded = "";
    /** Null until tracing is enabled: most machines (snapshots) never trace. */
    private TraceLog trace;
    private final Map<Class<?>, Device> devices = new LinkedHashMap<>();
    private Map<String, Long> counters;
    /** The counters map is shared with a copy until either counts something (copy on write). */
    private boolean countersShared;
    private int steps;
    private int nextIpi;

    private record CompletedChange(int cpu, long page, Prot prot) {
        /** This change's hashes with its CPU numbered {@code cpu}, for an order-free sum. */
        long[] hashes(int renumbered) {
            Fingerprint f = new Fingerprint();
            f.add(renumbered);
            f.add(page);
            f.add(prot.hashCode());
            return new long[] {f.a(), f.b()};
        }
    }

    public MachineCore(int cpus, long[] watchedPages) {
        this.cpus = cpus;
        this.map = new DirectMap();
        this.tlbs = new Tlbs(cpus, watchedPages);
        this.locks = new LockTable();
        this.irqsDisabled = new boolean[cpus];
        this.completed = new ArrayList<>();
        this.counters = new java.util.TreeMap<>();
    }

    /** A snapshot: the same machine, which from now on steps apart from this one. */
    private MachineCore(MachineCore from) {
        this.cpus = from.cpus;
        this.map = from.map.copy();
        this.tlbs = from.tlbs.copy();
        this.locks = from.locks.copy();
        for (IpiBatch batch : from.ipis) ipis.add(batch.copy());
        this.irqsDisabled = from.irqsDisabled.clone();
        this.completed = new ArrayList<>(from.completed);
        this.completedEncoded = from.completedEncoded;
        for (Device device : from.devices.values()) devices.put(device.getClass(), device.copy(this));
        this.counters = from.counters;
        this.countersShared = true;
        from.countersShared = true;
        this.steps = from.steps;
        this.nextIpi = from.nextIpi;
    }

    /**
     * A copy of the whole machine, devices included, that steps independently (an exploring
     * engine keeps one per state it may come back to). Lock handles and devices are found by
     * name and class, so model code's handles work on every copy. Traces are not copied.
     */
    public synchronized MachineCore copy() {
        return new MachineCore(this);
    }

    // ---- boot-time setup (before any CPU runs) ----

    public void bootMap(long page, PageSize size, Prot prot) {
        map.mapAtBoot(page, size, prot);
    }

    /** Every CPU starts holding what it may fill from the boot page tables. */
    public void bootFillTlbs() {
        tlbs.fillAll(map);
    }

    /** Attaches a model's device at boot. */
    public <T extends Device> T attach(T device) {
        devices.put(device.getClass(), device);
        return device;
    }

    /** The attached device of that class; call it only inside {@link #step}. */
    public <T extends Device> T device(Class<T> type) {
        Device device = devices.get(type);
        if (device == null) throw new IllegalStateException("no device " + type.getSimpleName() + " attached");
        return type.cast(device);
    }

    /**
     * One step on devices or on anything else of the machine: runs {@code body} atomically and
     * records {@code action} (which may use the result) in the trace.
     */
    public synchronized <T> T step(int cpu, java.util.function.Function<MachineCore, T> body,
                                   java.util.function.Function<T, String> action) {
        T result = body.apply(this);
        record(cpu, () -> action.apply(result), -1);
        notifyAll();
        return result;
    }

    /** Whether a guarded step happened, and what it returned. */
    public record Outcome<T>(boolean happened, T value) {
    }

    /** {@link #step} if {@code guard} holds now; otherwise nothing happens. */
    public synchronized <T> Outcome<T> stepIf(int cpu, java.util.function.Predicate<MachineCore> guard,
                                              java.util.function.Function<MachineCore, T> body,
                                              java.util.function.Function<T, String> action) {
        if (!guard.test(this)) return new Outcome<>(false, null);
        return new Outcome<>(true, step(cpu, body, action));
    }

    /** Evaluates a guard against the machine (for steps that wait). */
    public synchronized boolean test(java.util.function.Predicate<MachineCore> guard) {
        return guard.test(this);
    }

    /** A hazard raised by a device inside a step, at the current step number. */
    public HazardException hazard(Hazard.Kind kind, int victim, int actor, String message,
                                  List<String> evidence) {
        return new HazardException(new Hazard(kind, steps, victim, actor, message, evidence));
    }

    public synchronized SpinLock lock(String name) {
        return locks.spin(name);
    }

    public int cpus() {
        return cpus;
    }

    public synchronized void enableTrace() {
        if (trace == null) trace = new TraceLog();
        trace.enable();
    }

    public synchronized List<TraceEvent> trace() {
        return trace == null ? List.of() : trace.events();
    }

    public synchronized int steps() {
        return steps;
    }

    /**
     * Cost counters (splits, global flushes, lock acquisitions...): what a variant costs, set
     * beside whether it is safe. Not part of the state the explorer compares.
     */
    public synchronized void count(String counter, long amount) {
        if (countersShared) {
            counters = new java.util.TreeMap<>(counters);
            countersShared = false;
        }
        counters.merge(counter, amount, Long::sum);
    }

    public synchronized Map<String, Long> counters() {
        return new java.util.TreeMap<>(counters);
    }

    // ---- page tables ----

    /** Lockless walk, as {@code lookup_address()} does: the entry mapping the page and its value. */
    public synchronized Lookup lookup_address(int cpu, long page) {
        Lookup found = map.walk(page);
        record(cpu, () -> "lookup_address(" + Pte.hex(page) + ") = " + found.value() + " at " + found.level()
                + " level", page);
        return found;
    }

    /** Reads one entry through a pointer obtained earlier ({@code *kpte}). */
    public synchronized Pte read_pte(int cpu, PteRef kpte) {
        return map.read(kpte);
    }

    /** {@code set_pte_atomic()} / {@code __set_pmd_pte()}: one atomic store of an entry. */
    public synchronized void set_entry(int cpu, String function, PteRef kpte, Pte value, long page) {
        Pte old = map.read(kpte);
        map.write(kpte, value);
        if (value.isTable() && old.isLarge()) count("direct-map splits", 1);
        tlbs.fillAll(map);
        record(cpu, () -> function + "(" + kpte + ", " + value + ") was " + old, page);
        checkMixedSizes(cpu);
    }

    public synchronized int alloc_table(int cpu, PageSize entrySize) {
        int id = map.allocate(entrySize);
        record(cpu, () -> "alloc_pages() = table#" + id, -1);
        return id;
    }

    /** Writes a table that no other CPU can reach yet, so one step suffices. */
    public synchronized void fill_table(int cpu, int id, Pte[] entries) {
        requirePrivate(id, "fill");
        map.fill(id, entries);
        record(cpu, () -> "fill table#" + id + " with " + entries.length + " x " + entries[0], -1);
    }

    public synchronized void free_table(int cpu, int id) {
        requirePrivate(id, "free");
        map.free(id);
        record(cpu, () -> "__free_page(table#" + id + ")", -1);
    }

    /** Filling or freeing a table others can walk would be a step on the live page tables. */
    private void requirePrivate(int id, String what) {
        if (!map.unreachableTables().contains(id)) {
            throw new IllegalStateException("cannot " + what + " table#" + id + ": it is reachable from the root");
        }
    }

    // ---- spinlocks ----

    public synchronized boolean isUnlocked(SpinLock lock) {
        return locks.owner(lock) == SpinLock.UNLOCKED;
    }

    public synchronized boolean holds(int cpu, SpinLock lock) {
        return locks.owner(lock) == cpu;
    }

    /** The CPU holding the lock, or {@link SpinLock#UNLOCKED}. */
    public synchronized int holder(SpinLock lock) {
        return locks.owner(lock);
    }

    /** How {@code cpu} holds the lock: "read", "write", or null. */
    public synchronized String heldBy(int cpu, RwLock lock) {
        return locks.heldBy(cpu, lock);
    }

    public synchronized boolean spin_trylock(int cpu, SpinLock lock) {
        if (locks.owner(lock) != SpinLock.UNLOCKED) return false;
        locks.setOwner(lock, cpu);
        count(lock.name() + " acquisitions", 1);
        record(cpu, () -> "spin_lock(&" + lock.name() + ")", -1);
        return true;
    }

    public synchronized void spin_unlock(int cpu, SpinLock lock) {
        if (locks.owner(lock) != cpu) {
            throw new HazardException(new Hazard(Hazard.Kind.INVARIANT, steps, cpu, cpu,
                    "spin_unlock(&" + lock.name() + ") by a CPU that does not hold it", List.of()));
        }
        locks.setOwner(lock, SpinLock.UNLOCKED);
        record(cpu, () -> "spin_unlock(&" + lock.name() + ")", -1);
        notifyAll();
    }

    // ---- reader/writer locks (rwlock_t) ----

    public synchronized RwLock rwlock(String name) {
        return locks.rw(name);
    }

    public synchronized boolean isReadable(RwLock lock) {
        return locks.writer(lock) == SpinLock.UNLOCKED;
    }

    public synchronized boolean isWritable(RwLock lock) {
        return locks.writer(lock) == SpinLock.UNLOCKED && !locks.hasReaders(lock);
    }

    public synchronized boolean read_trylock(int cpu, RwLock lock) {
        if (!isReadable(lock)) return false;
        locks.setReader(lock, cpu, true);
        count(lock.name() + " read acquisitions", 1);
        record(cpu, () -> "read_lock(&" + lock.name() + ")", -1);
        return true;
    }

    public synchronized boolean write_trylock(int cpu, RwLock lock) {
        if (!isWritable(lock)) return false;
        locks.setWriter(lock, cpu);
        count(lock.name() + " write acquisitions", 1);
        record(cpu, () -> "write_lock(&" + lock.name() + ")", -1);
        return true;
    }

    public synchronized void read_unlock(int cpu, RwLock lock) {
        if (!locks.isReader(lock, cpu)) {
            throw new HazardException(new Hazard(Hazard.Kind.INVARIANT, steps, cpu, cpu,
                    "read_unlock(&" + lock.name() + ") by a CPU that does not hold it for read", List.of()));
        }
        locks.setReader(lock, cpu, false);
        record(cpu, () -> "read_unlock(&" + lock.name() + ")", -1);
        notifyAll();
    }

    public synchronized void write_unlock(int cpu, RwLock lock) {
        if (locks.writer(lock) != cpu) {
            throw new HazardException(new Hazard(Hazard.Kind.INVARIANT, steps, cpu, cpu,
                    "write_unlock(&" + lock.name() + ") by a CPU that does not hold it for write", List.of()));
        }
        locks.setWriter(lock, SpinLock.UNLOCKED);
        record(cpu, () -> "write_unlock(&" + lock.name() + ")", -1);
        notifyAll();
    }

    // ---- interrupts ----

    public synchronized void local_irq_disable(int cpu) {
        irqsDisabled[cpu] = true;
        record(cpu, () -> "local_irq_disable()", -1);
    }

    public synchronized void local_irq_enable(int cpu) {
        irqsDisabled[cpu] = false;
        record(cpu, () -> "local_irq_enable()", -1);
        notifyAll();
    }

    public synchronized boolean irqsEnabled(int cpu) {
        return !irqsDisabled[cpu];
    }

    // ---- TLB flushes ----

    /** {@code __flush_tlb_all()}: this CPU only. */
    public synchronized void flush_tlb_local(int cpu) {
        flushLocal(cpu);
        record(cpu, () -> "__flush_tlb_all() (local)", -1);
    }

    /** {@code flush_tlb_one_kernel()}: INVLPG on this CPU. */
    public synchronized void flush_tlb_one_kernel(int cpu, long page) {
        flushOne(cpu, page);
        record(cpu, () -> "flush_tlb_one_kernel(" + Pte.hex(page) + ") (local)", page);
    }

    /** Drops every entry of the CPU; it may refill from the live tables at once. Part of a step. */
    void flushLocal(int cpu) {
        tlbs.flushAll(cpu);
        tlbs.fill(cpu, map);
    }

    /** INVLPG of one page on the CPU; part of a step. */
    void flushOne(int cpu, long page) {
        tlbs.flushOne(cpu, page);
        tlbs.fill(cpu, map);
    }

    // ---- IPIs: on_each_cpu() ----

    /** Sends the IPI to every other CPU and runs the work locally; returns the batch to wait on. */
    public synchronized int send_ipis(int cpu, IpiWork work) {
        BitSet targets = new BitSet();
        targets.set(0, cpus);
        targets.clear(cpu);
        IpiBatch batch = new IpiBatch(nextIpi++, cpu, work, targets);
        ipis.add(batch);
        count("IPI broadcasts (" + functionName(work) + ")", 1);
        work.run(this, cpu);
        record(cpu, () -> "on_each_cpu(" + work.describe() + "): ran locally, IPI sent to CPUs " + targets, -1);
        return batch.id;
    }

    /** The targets of a batch that still have to take its IPI. */
    public synchronized int[] pendingTargets(int batchId) {
        return batch(batchId).pending.stream().toArray();
    }

    /** CPU {@code target} takes the IPI and runs the work. */
    public synchronized void deliver_ipi(int batchId, int target) {
        IpiBatch batch = batch(batchId);
        if (!batch.pending.get(target) || irqsDisabled[target]) throw new IllegalStateException("IPI not deliverable");
        batch.work.run(this, target);
        batch.pending.clear(target);
        recordAs(target, "<IPI>", () -> "takes IPI from CPU" + batch.sender + ": " + batch.work.describe(), -1);
        notifyAll();
    }

    public synchronized boolean ipiDone(int batchId) {
        return batch(batchId).pending.isEmpty();
    }

    /** The sender stops waiting: every target has run the work. */
    public synchronized void ipi_wait_done(int cpu, int batchId) {
        ipis.remove(batch(batchId));
        record(cpu, () -> "on_each_cpu() returns: every CPU has flushed", -1);
    }

    /** IPIs that could be taken now, as {batch, target} pairs, in a fixed order. */
    public synchronized List<int[]> deliverableIpis() {
        List<int[]> out = new ArrayList<>();
        for (IpiBatch batch : ipis) {
            for (int t = batch.pending.nextSetBit(0); t >= 0; t = batch.pending.nextSetBit(t + 1)) {
                if (!irqsDisabled[t]) out.add(new int[] {batch.id, t});
            }
        }
        return out;
    }

    /** Every IPI not yet taken, deliverable now or not (the target may have interrupts off). */
    public synchronized List<PendingIpi> pendingIpis() {
        List<PendingIpi> out = new ArrayList<>();
        for (IpiBatch batch : ipis) {
            for (int t = batch.pending.nextSetBit(0); t >= 0; t = batch.pending.nextSetBit(t + 1)) {
                out.add(new PendingIpi(batch.id, batch.sender, t, !irqsDisabled[t], PendingIpi.footprint(t, batch.work)));
            }
        }
        return out;
    }

    private IpiBatch batch(int id) {
        for (IpiBatch batch : ipis) if (batch.id == id) return batch;
        throw new IllegalStateException("no IPI batch " + id);
    }

    // ---- memory accesses ----

    /** A kernel access to the page through this CPU's TLB: the translation must be unambiguous. */
    public synchronized void touch(int cpu, long page) {
        record(cpu, () -> "access " + Pte.hex(page), page);
        checkMixedSizes(cpu);
    }

    // ---- the hazard monitor ----

    /** An attribute change returned to its caller; H2 is checked against the flush it promised. */
    public synchronized void change_returned(int cpu, long[] pages, Prot prot, FlushScope scope) {
        for (long page : pages) completed.add(new CompletedChange(cpu, page, prot));
        completedEncoded = null;
        record(cpu, () -> "returns to caller", pages.length > 0 ? pages[0] : -1);
        if (scope == FlushScope.NONE) return;
        for (int victim = 0; victim < cpus; victim++) {
            if (scope == FlushScope.LOCAL && victim != cpu) continue;
            for (long page : pages) {
                Pte live = map.walk(page).value();
                for (TlbEntry entry : tlbs.covering(victim, page)) {
                    if (!live.isLeaf() || !entry.prot().equals(live.prot()) || entry.frameFor(page) != live.frameFor(page)) {
                        throw hazard(Hazard.Kind.H2_STALE_AFTER_COMPLETION, victim, cpu,
                                "change of " + Pte.hex(page) + " returned but CPU" + victim + " still holds " + entry,
                                List.of("live: " + live, "stale: " + entry));
                    }
                }
            }
        }
    }

    /** The final-state check: every returned change is in the page tables; no table is lost. */
    public synchronized void checkQuiescent() {
        for (CompletedChange change : completed) {
            Pte live = map.walk(change.page).value();
            boolean kept = live.isLeaf() && completed.stream()
                    .anyMatch(c -> c.page == change.page && c.prot.equals(live.prot()));
            if (!kept) {
                throw new HazardException(new Hazard(Hazard.Kind.LOST_UPDATE, -1, change.cpu, change.cpu,
                        "CPU" + change.cpu + " set " + Pte.hex(change.page) + " to " + change.prot
                                + " and returned, but the page tables now say " + live, List.of()));
            }
        }
        for (Device device : devices.values()) device.checkQuiescent(this);
        List<Integer> lost = map.unreachableTables();
        if (!lost.isEmpty()) {
            throw new HazardException(new Hazard(Hazard.Kind.H5_LEAK, -1, -1, -1,
                    "page-table pages allocated but neither reachable nor freed: table#" + lost, List.of()));
        }
    }

    private void checkMixedSizes(int actor) {
        for (int victim = 0; victim < cpus; victim++) {
            TlbEntry[] pair = tlbs.conflict(victim);
            if (pair != null) {
                throw hazard(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, victim, actor,
                        "CPU" + victim + " may hold a " + pair[0].size() + " and a " + pair[1].size()
                                + " translation of one page that differ",
                        List.of("large: " + pair[0], "small: " + pair[1]));
            }
        }
    }

    /** The work's function, without its arguments: what cost counters group by. */
    private static String functionName(IpiWork work) {
        String text = work.describe();
        int paren = text.indexOf('(');
        return paren < 0 ? text : text.substring(0, paren);
    }

    // ---- steps and traces ----

    private void record(int cpu, java.util.function.Supplier<String> action, long page) {
        recordAs(cpu, null, action, page);
    }

    /**
     * Counts the step and, when tracing, records it under {@code function}, or under the kernel
     * function on the calling thread's stack when null (an IPI runs on whichever thread
     * delivers it, so it names its own).
     */
    /** Counts the step; the action's text is made only when tracing (most runs never read it). */
    private void recordAs(int cpu, String function, java.util.function.Supplier<String> action, long page) {
        steps++;
        if (trace == null || !trace.enabled()) return;
        List<String> held = locks.heldBy(cpu);
        List<String> notes = new ArrayList<>();
        if (page >= 0) {
            for (int c = 0; c < cpus; c++) {
                notes.add("CPU" + c + " TLB[" + Pte.hex(page) + "]: " + tlbs.covering(c, page));
            }
        }
        String where = function != null ? function : TraceLog.currentKernelFunction();
        trace.add(new TraceEvent(steps, cpu, where, action.get(), held, notes));
    }

    // ---- outcomes (what a lock-removal certificate compares) ----

    /**
     * What the run left behind, independent of the order things were allocated in: the final
     * translation of every watched page, what each TLB may hold for them, the changes that
     * returned to their callers, and the devices' state.
     */
    public synchronized String outcome() {
        StringBuilder out = new StringBuilder();
        for (long page : tlbs.watched()) {
            Pte leaf = map.walk(page).value();
            out.append("page ").append(Pte.hex(page)).append(" -> ")
                    .append(leaf.isLeaf() ? leaf.size() + " pfn " + Pte.hex(leaf.frameFor(page)) + " " + leaf.prot() : "none")
                    .append('\n');
        }
        for (int cpu = 0; cpu < cpus; cpu++) {
            java.util.TreeSet<String> held = new java.util.TreeSet<>();
            for (long page : tlbs.watched()) for (TlbEntry e : tlbs.covering(cpu, page)) held.add(e.toString());
            out.append("CPU").append(cpu).append(" TLB ").append(held).append('\n');
        }
        java.util.TreeSet<String> returned = new java.util.TreeSet<>();
        for (CompletedChange change : completed) returned.add(change.toString());
        out.append("returned ").append(returned).append('\n');
        for (Device device : devices.values()) {
            StringBuilder state = new StringBuilder();
            device.outcome(state); // not encode(): allocation ids depend on the path
            out.append(device.getClass().getSimpleName()).append(' ').append(state).append('\n');
        }
        return out.toString();
    }

    /** A canonical snapshot of everything shared, as text (the threaded search's visited-state key). */
    public synchronized String encodeState() {
        StringBuilder out = new StringBuilder(512);
        map.encode(out);
        tlbs.encode(out);
        locks.encode(out);
        for (IpiBatch batch : ipis) batch.encode(out);
        for (boolean off : irqsDisabled) out.append(off ? 'D' : 'E');
        out.append(completedEncoded());
        for (Device device : devices.values()) device.encode(out);
        return out.toString();
    }

    /**
     * The state's fingerprint, CPU {@code order[k]} counted as CPU k (null: as numbered): what
     * {@link #encodeState()} writes, hashed part by part, each part hashing its own text once.
     * Two machines that differ only by which CPU is which fingerprint alike under suitable
     * orders, which lets a search of interchangeable CPUs visit one of them. Devices name CPUs
     * in ways not renamed here, so a machine with devices cannot be renumbered.
     */
    public synchronized void fingerprint(int[] order, Fingerprint out) {
        order = renumbering(order);
        int[] rank = rank(order);
        map.fingerprint(out);
        tlbs.fingerprint(out, order);
        locks.fingerprint(out, rank);
        out.add(ipis.size());
        for (IpiBatch batch : ipis) batch.fingerprint(out, rank);
        long irqs = 0;
        for (int k = 0; k < cpus; k++) if (irqsDisabled[order[k]]) irqs |= 1L << k;
        out.add(irqs);
        // In any order: two returns recorded in either order leave the same state.
        long sumA = 0, sumB = 0;
        for (CompletedChange change : completed) {
            long[] hashes = change.hashes(rank[change.cpu()]);
            sumA += hashes[0];
            sumB += hashes[1];
        }
        out.add(completed.size());
        out.add(sumA);
        out.add(sumB);
        if (!devices.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (Device device : devices.values()) device.encode(text);
            out.add(Fingerprint.hashes(text));
        }
    }

    /** The order CPUs are written in: {@code order} if given (and allowed), else as numbered. */
    private int[] renumbering(int[] order) {
        if (order != null && !devices.isEmpty()) {
            throw new IllegalStateException("a machine with devices cannot renumber its CPUs");
        }
        if (order != null) return order;
        int[] identity = new int[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) identity[cpu] = cpu;
        return identity;
    }

    /** Where each CPU stands in {@code order}. */
    private int[] rank(int[] order) {
        int[] rank = new int[cpus];
        for (int k = 0; k < cpus; k++) rank[order[k]] = k;
        return rank;
    }

    /** The returned changes, in any order: two returns recorded in either order leave the same state. */
    private String completedEncoded() {
        if (completedEncoded == null) {
            String[] changes = new String[completed.size()];
            for (int i = 0; i < changes.length; i++) {
                CompletedChange change = completed.get(i);
                changes[i] = "ret" + change.cpu() + ':' + change.page() + ':' + change.prot();
            }
            java.util.Arrays.sort(changes);
            completedEncoded = String.join("", changes);
        }
        return completedEncoded;
    }

    /**
     * Orders two CPUs by what tells them apart in the machine, numbers aside: interrupt flag,
     * then TLB. A search sorts CPUs by this (after their code's position) to renumber them.
     */
    public synchronized int compareCpus(int a, int b) {
        if (irqsDisabled[a] != irqsDisabled[b]) return irqsDisabled[a] ? 1 : -1;
        return tlbs.compare(a, b);
    }

    // ---- SEV cache flushes: on_each_cpu_mask() and steps that check what they did ----
    // (added for the WB model; the rest of this class is unchanged)

    /**
     * {@code on_each_cpu_mask(mask, func, info, wait=1)}: sends the IPI to the CPUs of the mask
     * other than the sender and runs the work locally if the sender is in the mask; returns the
     * batch to wait on. An empty mask sends nothing.
     */
    public synchronized int send_ipis_mask(int cpu, BitSet mask, IpiWork work) {
        BitSet targets = (BitSet) mask.clone();
        targets.clear(cpu);
        IpiBatch batch = new IpiBatch(nextIpi++, cpu, work, targets);
        ipis.add(batch);
        count("IPIs sent (" + functionName(work) + ")", targets.cardinality());
        boolean local = mask.get(cpu);
        if (local) work.run(this, cpu);
        record(cpu, () -> "on_each_cpu_mask(" + mask + ", " + work.describe() + "): "
                + (local ? "ran locally, " : "") + "IPI sent to CPUs " + targets, -1);
        return batch.id;
    }

    /**
     * Delivers the IPI if the target takes interrupts now; false if it has them disabled, and the
     * sender tries again later (a native engine may interleave between its guard and this step).
     */
    public synchronized boolean deliver_ipi_if_enabled(int batchId, int target) {
        if (irqsDisabled[target]) return false;
        deliver_ipi(batchId, target);
        return true;
    }

    /**
     * {@link #step}, then {@code check} on its result within the same atomic step, once the step
     * is in the trace: a hazard the check raises carries this step's number, and the trace ends
     * with the step that made it arise (e.g. the reclaim that hands memory back).
     */
    public synchronized <T> T stepThenCheck(int cpu, java.util.function.Function<MachineCore, T> body,
                                            java.util.function.Function<T, String> action,
                                            java.util.function.BiConsumer<MachineCore, T> check) {
        T result = body.apply(this);
        record(cpu, () -> action.apply(result), -1);
        notifyAll();
        check.accept(this, result);
        return result;
    }

    // ---- SEV-SNP: the translations a host write may use (for the RMP check) ----
    // (added for the SNP model; the rest of this class is unchanged)

    /**
     * Every TLB entry CPU {@code cpu} holds that covers {@code page}: under the worst-case TLB a
     * write may go through any of them. Call it inside a step, like {@link #device}.
     */
    public synchronized List<TlbEntry> tlbEntriesCovering(int cpu, long page) {
        return tlbs.covering(cpu, page);
    }
}
