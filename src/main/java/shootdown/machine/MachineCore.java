package shootdown.machine;

import java.util.BitSet;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The simulated machine as the list of its atomic steps. Engines make each public step atomic
 * (Lincheck treats this package's methods as atomic, real threads take this monitor, the explorer
 * runs one CPU at a time); model code reaches them only through {@link Cpu}. The state lives in
 * parts with one job each ({@link DirectMap}, {@link Tlbs}, {@link PagingStructureCaches},
 * {@link TableWalkers}, {@link LockTable}, {@link Interrupts}, {@link Rcu}, {@link HazardMonitor},
 * {@link Devices}, {@link CostCounters}, {@link TraceLog}).
 */
public final class MachineCore {
    private final int cpus;
    final DirectMap map;
    final Tlbs tlbs;
    final PagingStructureCaches pscs;
    final TableWalkers walkers;
    final LockTable locks;
    final Interrupts interrupts;
    final Rcu rcu;
    final HazardMonitor monitor;
    final Devices devices = new Devices();
    final CostCounters counters;
    final TraceLog trace;
    private final Inspection inspection = new Inspection(this);

    public MachineCore(int cpus, long[] watchedPages) {
        this(null, cpus, new DirectMap(), new Tlbs(cpus, watchedPages), new PagingStructureCaches(cpus, watchedPages),
                new TableWalkers(cpus), new LockTable(), new Interrupts(cpus), new Rcu(cpus), new HazardMonitor(),
                new CostCounters(), new TraceLog());
    }

    private MachineCore(MachineCore from, int cpus, DirectMap map, Tlbs tlbs, PagingStructureCaches pscs,
                        TableWalkers walkers, LockTable locks, Interrupts interrupts, Rcu rcu, HazardMonitor monitor,
                        CostCounters counters, TraceLog trace) {
        this.cpus = cpus;
        this.map = map;
        this.tlbs = tlbs;
        this.pscs = pscs;
        this.walkers = walkers;
        this.locks = locks;
        this.interrupts = interrupts;
        this.rcu = rcu;
        this.monitor = monitor;
        this.counters = counters;
        this.trace = trace;
        if (from != null) from.devices.copyInto(this, devices);
        map.accesses = tlbs.accesses = pscs.accesses = walkers.accesses = locks.accesses = interrupts.accesses =
                rcu.accesses = devices.accesses = inspection.accesses; // every part reports what a step touches
    }

    /** A snapshot that steps apart from now on, devices included (model code finds both by name and class). */
    public synchronized MachineCore copy() {
        return new MachineCore(this, cpus, map.copy(), tlbs.copy(), pscs.copy(), walkers.copy(), locks.copy(),
                interrupts.copy(), rcu.copy(), monitor.copy(), counters.copy(), trace.copy());
    }

    public int cpus() {
        return cpus;
    }

    /** How a model sets the machine up before any CPU runs. */
    public Boot boot() {
        return new Boot(this);
    }

    /** The attached device of that class; call it only inside {@link #step}. */
    public <T extends Device> T device(Class<T> type) {
        return devices.get(type);
    }

    /**
     * A step of a model's own: if {@code guard} holds (null: always), runs {@code body}, records
     * {@code action} on its result, then {@code check} (null: none), so a hazard it raises ends the trace here.
     */
    public synchronized <T> StepOutcome<T> step(int cpu, Predicate<MachineCore> guard, Function<MachineCore, T> body,
                                            Function<T, String> action, BiConsumer<MachineCore, T> check) {
        if (guard != null && !guard.test(this)) return new StepOutcome<>(false, null);
        T result = body.apply(this);
        record(cpu, () -> action.apply(result), -1);
        notifyAll();
        if (check != null) monitor.check(() -> check.accept(this, result));
        return new StepOutcome<>(true, result);
    }

    /** A hazard raised by a device inside a step, at the current step number. */
    public HazardException hazard(Hazard.Kind kind, int victim, int actor, String message, List<String> evidence) {
        return new HazardException(new Hazard(kind, trace.steps(), victim, actor, message, evidence));
    }

    /** Lockless walk, as {@code lookup_address()} does: the entry mapping the page and its value. */
    public synchronized Lookup lookup_address(int cpu, long page) {
        Lookup found = map.walk(page);
        record(cpu, () -> "lookup_address(" + Hex.of(page) + ") = " + found.value() + " at " + found.level()
                + " level", page);
        return found;
    }

    /** The entry of {@code level} covering the page; if it points at a table, the CPU is inside it until it reads there. */
    public synchronized Lookup walk_to(int cpu, long page, PageSize level) {
        return walkers.walkTo(this, cpu, page, level);
    }

    /** Reads one entry through a pointer obtained earlier ({@code *kpte}); a walker inside the table leaves it. */
    public synchronized Pte read_pte(int cpu, PteRef kpte) {
        return walkers.read(this, cpu, kpte);
    }

    /** The entries of a table that map no watched page, in one step (see {@link TableWalkers}). */
    public synchronized List<PteRun> read_ptes(int cpu, int table, long base) {
        return walkers.scan(this, cpu, table, base);
    }

    /** {@code set_pte_atomic()} / {@code __set_pmd_pte()}: one atomic store of an entry. */
    public synchronized void set_entry(int cpu, String function, PteRef kpte, Pte value, long page) {
        Pte old = map.read(kpte);
        walkers.checkStore(kpte);
        map.write(kpte, value);
        counters.countStore(old, value);
        tlbs.fillAll(map, pscs);
        record(cpu, () -> function + "(" + kpte + ", " + value + ") was " + old, page);
        monitor.check(() -> monitor.checkNotFreed(map, kpte, cpu, function + "()", trace.steps()));
        monitor.checkMixedSizes(tlbs, cpus, cpu, trace.steps());
    }

    public synchronized int alloc_table(int cpu, PageSize entrySize) {
        int id = map.allocate(entrySize);
        record(cpu, () -> "alloc_pages() = table#" + id, -1);
        return id;
    }

    /** Writes a table that no other CPU can reach yet, so one step suffices. */
    public synchronized void fill_table(int cpu, int id, Pte[] entries) {
        map.requirePrivate(id, "fill");
        map.fill(id, entries);
        record(cpu, () -> "fill table#" + id + " with " + entries.length + " x " + entries[0], -1);
    }

    /** Frees a table ({@code published}: it was in the tables): H7 if tables, caches or a walker may still reach it. */
    public synchronized void free_table(int cpu, String function, int id, boolean published) {
        record(cpu, () -> function + "(table#" + id + ")", -1);
        monitor.checkFree(this, cpu, id, published);
        map.free(id);
    }

    /** {@code spin_lock()}, {@code read_lock()} or {@code write_lock()} if the lock is free for it. */
    public synchronized boolean trylock(int cpu, KernelLock lock, LockMode mode) {
        return locks.lock(this, cpu, lock, mode);
    }

    /** {@code spin_unlock()}, {@code read_unlock()} or {@code write_unlock()}; a CPU must hold it so. */
    public synchronized void unlock(int cpu, KernelLock lock, LockMode mode) {
        locks.release(this, cpu, lock, mode);
        notifyAll();
    }

    // ---- interrupts, TLB flushes and IPIs ----

    /** {@code local_irq_enable()} or {@code local_irq_disable()}. */
    public synchronized void local_irq(int cpu, boolean enable) {
        interrupts.local_irq(this, cpu, enable);
        if (enable) notifyAll();
    }

    /** {@code __flush_tlb_all()}: this CPU only. */
    public synchronized void flush_tlb_local(int cpu) {
        IpiWork.FLUSH_TLB_ALL.run(this, cpu);
        record(cpu, () -> "__flush_tlb_all() (local)", -1);
    }

    /** {@code flush_tlb_one_kernel()}: INVLPG on this CPU. */
    public synchronized void flush_tlb_one_kernel(int cpu, long page) {
        tlbs.flushOneThenRefill(cpu, page, map, pscs);
        record(cpu, () -> "flush_tlb_one_kernel(" + Hex.of(page) + ") (local)", page);
    }

    /**
     * {@code on_each_cpu()}: runs the work here, IPIs every other CPU; or, {@code invlpgb}, the
     * broadcast that lands on every CPU, this one too, in its own time. Returns the batch to wait on.
     */
    public synchronized int send_ipis(int cpu, IpiWork work, boolean invlpgb) {
        return invlpgb ? interrupts.broadcast(this, cpu, work) : interrupts.onEachCpu(this, cpu, work);
    }

    /** {@code on_each_cpu_mask()}: the work here if this CPU is in the mask, IPIs to the others of it. */
    public synchronized int send_ipis_mask(int cpu, BitSet mask, IpiWork work) {
        return interrupts.onEachCpuMask(this, cpu, mask, work);
    }

    /** CPU {@code target} takes the IPI and runs the work, or runs an RCU callback (see {@link Rcu}). */
    public synchronized void deliver_ipi(int batchId, int target) {
        if (Rcu.isCallback(batchId)) rcu.invoke(this, batchId, target);
        else interrupts.deliver(this, batchId, target);
        notifyAll();
    }

    /** Delivers the IPI if the target takes interrupts now; false if not (the sender tries again). */
    public synchronized boolean deliver_ipi_if_enabled(int batchId, int target) {
        if (!interrupts.takes(batchId, target)) return false;
        deliver_ipi(batchId, target);
        return true;
    }

    /** The sender stops waiting ({@code on_each_cpu()} returns, or TLBSYNC): every target has run the work. */
    public synchronized void ipi_wait_done(int cpu, int batchId) {
        interrupts.retire(this, cpu, batchId);
    }

    /** A kernel access to the page through this CPU's TLB: mapped present (H6), unambiguously (H1). */
    public synchronized void touch(int cpu, long page) {
        record(cpu, () -> "access " + Hex.of(page), page);
        monitor.checkAccess(this, cpu, page, "an access");
    }

    /** An attribute change returned to its caller; H2 is checked against the flush it promised. */
    public synchronized void change_returned(int cpu, long[] pages, Prot prot, FlushScope scope) {
        record(cpu, () -> "returns to caller", pages.length > 0 ? pages[0] : -1);
        monitor.changeReturned(cpu, pages, prot, scope, map, tlbs, cpus, trace.steps());
    }

    /** The final-state check: every returned change is in the page tables; no table is lost. */
    public synchronized void checkQuiescent() {
        rcu.checkQuiescent(this);
        monitor.checkQuiescent(map, devices, this);
    }

    /** What engines read between steps: traces, costs, outcomes, state keys, IPIs in flight. */
    public Inspection inspect() { return inspection; }

    /** Adds to a cost counter (see {@link CostCounters}). */
    public synchronized void count(String counter, long amount) {
        counters.count(counter, amount);
    }

    /** Counts a step and, when tracing, records it under {@code function} (null: the kernel function running). */
    void record(int cpu, String function, Supplier<String> action, long page) {
        trace.record(cpu, function, action, page, locks, tlbs, cpus);
    }

    private void record(int cpu, Supplier<String> action, long page) {
        record(cpu, null, action, page);
    }
}
