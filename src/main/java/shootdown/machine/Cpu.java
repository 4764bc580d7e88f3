package shootdown.machine;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The machine as one CPU sees it: the only door through which model code touches shared state.
 * Each call is one atomic step of {@link MachineCore}, announced to the {@link Sched} first, so
 * every engine interleaves the same steps. Names follow the kernel's.
 */
public final class Cpu {
    private static final Footprint READS_PAGE_TABLES = Footprint.NOTHING.readsPageTables();
    /**
     * A store to an entry: published tables come out of the pool (and a stale pointer may store
     * into one the live tables no longer reach); every TLB may fill from it; no scan may be reading
     * the entry.
     */
    private static final Footprint WRITES_ENTRY = Footprint.NOTHING.writesPageTables().readsTablePool()
            .writesAllTlbs().readsWalkers();
    /** Allocating or filling a private table (checking first that it is private). */
    private static final Footprint WRITES_TABLE_POOL = Footprint.NOTHING.writesTablePool().readsPageTables();
    /** Freeing one: H7 reads every CPU's paging-structure caches and where walkers are. */
    private static final Footprint FREES_TABLE = WRITES_TABLE_POOL.readsAllTlbs().readsWalkers();
    /** A walker's read: the live tables, or a table they no longer reach; it may leave the table it was in. */
    private static final Footprint WALKS = Footprint.NOTHING.readsPageTables().readsTablePool().writesWalkers();
    /** The access checks the live tables (H6) and every TLB for mixed sizes (H1). */
    private static final Footprint TOUCH = Footprint.NOTHING.readsAllTlbs().readsPageTables();
    /**
     * The monitor checks every TLB against the live tables and records the change. The record
     * is only added to, and read only once every CPU is done, so two returns commute.
     */
    private static final Footprint RETURNED = Footprint.NOTHING.readsPageTables().readsAllTlbs();

    private final int id;
    private final MachineCore core;
    private final Sched sched;

    public Cpu(int id, MachineCore core, Sched sched) {
        this.id = id;
        this.core = core;
        this.sched = sched;
    }

    /** {@code smp_processor_id()}. */
    public int id() {
        return id;
    }

    /** {@code nr_cpu_ids}: the CPUs of the machine. */
    public int cpus() {
        return core.cpus();
    }

    public SpinLock lock(String name) {
        return core.boot().lock(name);
    }

    public Lookup lookup_address(long page) {
        return perform(READS_PAGE_TABLES, "lookup_address", core -> core.lookup_address(id, page), page);
    }

    /** {@code *kpte}: one entry through a pointer looked up earlier (which may point into a freed table: H7). */
    public Pte read_pte(PteRef kpte) {
        return perform(WALKS, "read_pte", core -> core.read_pte(id, kpte), kpte);
    }

    /**
     * {@code pud_offset()} of a walk from the root: the PUD entry covering the address. If it
     * points at a PMD table, the CPU is inside that table until it reads there; freeing the table
     * meanwhile is H7.
     */
    public Lookup pud_offset(long page) {
        return perform(WALKS, "pud_offset", core -> core.walk_to(id, page, PageSize.SIZE_1G), page);
    }

    /**
     * {@code pmd_offset()} of a walk from the root (a lockless walker's first read, as in
     * mm/pagewalk.c or {@code lookup_address()}): the PMD entry covering the address (or the 1G
     * leaf or empty entry above it). If it points at a PTE table, the CPU is inside that table
     * until it reads an entry there ({@link #read_pte}); freeing the table meanwhile is H7.
     */
    public Lookup pmd_offset(long page) {
        return perform(WALKS, "pmd_offset", core -> core.walk_to(id, page, PageSize.SIZE_2M), page);
    }

    /**
     * A scan of table#{@code table}, which maps the region from {@code base}, in the style of
     * {@code collapse_pmd_page()}'s loop: one step reads every entry that maps no watched page,
     * which no operation writes, as runs (the indices missing between them are the watched
     * entries); the CPU then reads each watched entry with {@link #read_pte}, one step each, and
     * the machine holds stores off the others until it has.
     */
    public List<PteRun> read_ptes(int table, long base) {
        return perform(WALKS, "read_ptes", core -> core.read_ptes(id, table, base), table, base);
    }

    public void set_pte_atomic(PteRef kpte, Pte value, long page) {
        perform(WRITES_ENTRY, "set_pte_atomic", core -> {
            core.set_entry(id, "set_pte_atomic", kpte, value, page);
            return null;
        }, kpte, value, page);
    }

    public void __set_pmd_pte(PteRef kpte, Pte value, long page) {
        perform(WRITES_ENTRY, "__set_pmd_pte", core -> {
            core.set_entry(id, "__set_pmd_pte", kpte, value, page);
            return null;
        }, kpte, value, page);
    }

    /** {@code set_pmd()} / {@code set_pud()}: one store of an upper-level entry. */
    public void set_pmd(PteRef kpte, Pte value, long page) {
        perform(WRITES_ENTRY, "set_pmd", core -> {
            core.set_entry(id, kpte.level() == PageSize.SIZE_1G ? "set_pud" : "set_pmd", kpte, value, page);
            return null;
        }, kpte, value, page);
    }

    /** Allocates an empty page-table page, private to this CPU until it is installed. */
    public int alloc_pages(PageSize entrySize) {
        return perform(WRITES_TABLE_POOL, "alloc_pages", core -> core.alloc_table(id, entrySize), entrySize);
    }

    /**
     * The {@code split_set_pte()} loop: fills a still-private table with the 512 smaller
     * entries that map what the large leaf {@code ref} mapped, with its protections.
     */
    public void split_set_ptes(int table, Pte ref) {
        perform(WRITES_TABLE_POOL, "split_set_ptes", core -> {
            core.fill_table(id, table, ref.split());
            return null;
        }, table, ref);
    }

    /**
     * {@code __free_page()} of a table that was never published (the split that lost its race
     * frees its unused page): no walker and no cache can point at it, which the machine checks.
     */
    public void __free_page(int table) {
        perform(WRITES_TABLE_POOL, "__free_page", core -> {
            core.free_table(id, "__free_page", table, false);
            return null;
        }, table);
    }

    /** {@code pagetable_free()}: a page-table page that was in the tables back to the allocator (H7 checks it). */
    public void pagetable_free(int table) {
        perform(FREES_TABLE, "pagetable_free", core -> {
            core.free_table(id, "pagetable_free", table, true);
            return null;
        }, table);
    }

    public void spin_lock(SpinLock lock) {
        Guard free = Guard.enabledOnlyBy(core -> core.inspect().isUnlocked(lock),
                (core, cpu, ipi) -> ipi < 0 && core.inspect().holds(cpu, lock));
        // A native engine may let another CPU take the lock between the guard and the step.
        while (!perform(free, Footprint.NOTHING.writesLock(lock), "spin_lock", core -> core.trylock(id, lock, LockMode.SPIN),
                lock.name())) {
        }
    }

    public void spin_unlock(SpinLock lock) {
        perform(Footprint.NOTHING.writesLock(lock), "spin_unlock", core -> {
            core.unlock(id, lock, LockMode.SPIN);
            return null;
        }, lock.name());
        sched.released(id);
    }

    // ---- reader/writer locks (rwlock_t) ----

    public RwLock rwlock(String name) {
        return core.boot().rwlock(name);
    }

    public void read_lock(RwLock lock) {
        Guard readable = Guard.enabledOnlyBy(core -> core.inspect().isReadable(lock),
                (core, cpu, ipi) -> ipi < 0 && "write".equals(core.inspect().heldBy(cpu, lock)));
        while (!perform(readable, Footprint.NOTHING.readsLock(lock), "read_lock",
                core -> core.trylock(id, lock, LockMode.READ), lock.name())) {
        }
    }

    public void read_unlock(RwLock lock) {
        perform(Footprint.NOTHING.readsLock(lock), "read_unlock", core -> {
            core.unlock(id, lock, LockMode.READ);
            return null;
        }, lock.name());
        sched.released(id);
    }

    public void write_lock(RwLock lock) {
        Guard writable = Guard.enabledOnlyBy(core -> core.inspect().isWritable(lock),
                (core, cpu, ipi) -> ipi < 0 && core.inspect().heldBy(cpu, lock) != null);
        while (!perform(writable, Footprint.NOTHING.writesLock(lock), "write_lock",
                core -> core.trylock(id, lock, LockMode.WRITE), lock.name())) {
        }
    }

    public void write_unlock(RwLock lock) {
        perform(Footprint.NOTHING.writesLock(lock), "write_unlock", core -> {
            core.unlock(id, lock, LockMode.WRITE);
            return null;
        }, lock.name());
        sched.released(id);
    }

    public void local_irq_disable() {
        perform(Footprint.NOTHING.writesIrq(id), "local_irq_disable", core -> {
            core.local_irq(id, false);
            return null;
        });
    }

    public void local_irq_enable() {
        perform(Footprint.NOTHING.writesIrq(id), "local_irq_enable", core -> {
            core.local_irq(id, true);
            return null;
        });
        sched.released(id);
    }

    /** {@code __flush_tlb_all()}: this CPU only. */
    public void __flush_tlb_all() {
        perform(IpiWork.refill(id), "__flush_tlb_all", core -> {
            core.flush_tlb_local(id);
            return null;
        });
    }

    public void flush_tlb_one_kernel(long page) {
        perform(IpiWork.refill(id), "flush_tlb_one_kernel", core -> {
            core.flush_tlb_one_kernel(id, page);
            return null;
        }, page);
    }

    /**
     * {@code flush_tlb_all()}: every CPU, through IPIs; on a machine with INVLPGB, one broadcast
     * and a TLBSYNC, no IPIs ({@code invlpgb_flush_all()}).
     */
    public void flush_tlb_all() {
        if (core.inspect().flushMethod() == FlushMethod.INVLPGB) invlpgb_flush_all();
        else on_each_cpu(IpiWork.FLUSH_TLB_ALL);
    }

    /**
     * {@code invlpgb_flush_all()}: INVLPGB of everything, global entries and paging-structure
     * caches included, then TLBSYNC, which waits until the invalidation has landed on every CPU.
     * Until then any CPU may still use what it cached. An exploring engine lands it on each CPU
     * as an event of its own, in any order and whatever the CPU's interrupt flag; otherwise the
     * sender lands it on each in turn.
     */
    private void invlpgb_flush_all() {
        IpiWork work = IpiWork.FLUSH_TLB_ALL;
        Footprint landings = Footprint.NOTHING;
        for (int cpu = 0; cpu < core.cpus(); cpu++) landings = landings.union(PendingIpi.landing(cpu, work));
        int batch = sched.perform(id, core, new Step<>(null, landings, core -> core.send_ipis(id, work, true), false,
                StepSignature.of("invlpgb", work.describe()), "invlpgb(" + work.describe() + ")"));
        if (!sched.deliversIpis()) {
            for (int target = 0; target < core.cpus(); target++) {
                final int to = target;
                perform(PendingIpi.landing(to, work), "invlpgb_lands", core -> core.deliver_ipi_if_enabled(batch, to), to);
                sched.released(id);
            }
        }
        Guard done = Guard.enabledOnlyBy(core -> core.inspect().ipiDone(batch), (core, cpu, sender) -> sender == id);
        perform(done, Footprint.NOTHING.readsAllIpis(), "tlbsync", core -> {
            core.ipi_wait_done(id, batch);
            return null;
        });
    }

    /**
     * {@code on_each_cpu(func, info, wait=1)}: run locally, IPI every other CPU, wait for all.
     * An exploring engine delivers the IPIs as events of their own, in any order; otherwise the
     * sender delivers them one by one, each a step others may interleave with.
     */
    public void on_each_cpu(IpiWork work) {
        java.util.BitSet all = new java.util.BitSet();
        all.set(0, core.cpus());
        sendAndWait(all, work, core -> core.send_ipis(id, work, false));
    }

    /**
     * Sending: the work run here and, for the IPIs it leaves behind, the work on every target
     * (they are this CPU's doing, whenever they are taken) and the interrupt flags that gate them.
     */
    private Footprint sending(java.util.BitSet mask, IpiWork work) {
        Footprint out = Footprint.NOTHING;
        for (int cpu = mask.nextSetBit(0); cpu >= 0; cpu = mask.nextSetBit(cpu + 1)) {
            if (cpu != id) out = out.union(PendingIpi.footprint(cpu, work));
        }
        return out.union(work.footprint(id));
    }

    /**
     * Sends, then waits. Under a native engine the sender delivers each IPI itself, one step per
     * target (retrying while the target has interrupts off); an exploring engine delivers them.
     */
    private void sendAndWait(java.util.BitSet mask, IpiWork work, Function<MachineCore, Integer> send) {
        // A CPU has one batch in flight: its number tells nothing about the future.
        int batch = sched.perform(id, core, new Step<>(null, sending(mask, work), send, false,
                StepSignature.of("on_each_cpu_mask", mask, work.describe()), "on_each_cpu_mask(" + work.describe() + ")"));
        if (!sched.deliversIpis()) {
            // The targets are the mask but this CPU: what the code knows, not what it reads.
            for (int target = mask.nextSetBit(0); target >= 0; target = mask.nextSetBit(target + 1)) {
                if (target == id) continue;
                final int to = target;
                Guard enabled = Guard.of(core -> core.inspect().irqsEnabled(to));
                // Under a native engine the target may have disabled interrupts since.
                while (!perform(enabled, PendingIpi.footprint(to, work), "deliver_ipi",
                        core -> core.deliver_ipi_if_enabled(batch, to), to)) {
                }
                sched.released(id);
            }
        }
        Guard done = Guard.enabledOnlyBy(core -> core.inspect().ipiDone(batch), (core, cpu, sender) -> sender == id);
        perform(done, Footprint.NOTHING.readsAllIpis(), "ipi_wait_done", core -> {
            core.ipi_wait_done(id, batch);
            return null;
        });
    }

    // ---- RCU (see Rcu) ----

    private static final Footprint RCU = Footprint.NOTHING.writesRcu();

    /** {@code rcu_read_lock()}: enters (or nests) a read-side critical section. */
    public void rcu_read_lock() {
        perform(RCU, "rcu_read_lock", core -> core.step(id, null, c -> {
            c.rcu.lock(id);
            return null;
        }, r -> "rcu_read_lock()", null).value());
    }

    /**
     * {@code rcu_read_unlock()}. Leaving the outermost section may end callbacks' grace periods:
     * an exploring engine then runs them as moves of their own; under a native engine this CPU
     * runs them at once, each a step of its own (the earliest moment they may run).
     */
    public void rcu_read_unlock() {
        boolean runsCallbacks = !sched.deliversIpis();
        java.util.List<Integer> ended = perform(RCU, "rcu_read_unlock", core -> core.step(id, null, c -> {
            java.util.List<Integer> due = c.rcu.unlock(c, id);
            return runsCallbacks ? due : java.util.List.<Integer>of();
        }, due -> "rcu_read_unlock()" + (due.isEmpty() ? "" : ": grace period over for RCU callbacks " + due), null)
                .value());
        sched.released(id);
        for (int callback : ended) run_rcu_callback(callback);
    }

    /**
     * {@code call_rcu()}: the callback runs once every CPU that is inside a read section now has
     * left it. If none is, a native engine runs it at once, as this CPU's next step.
     */
    public void call_rcu(RcuCallback callback) {
        boolean runsCallbacks = !sched.deliversIpis();
        int due = perform(RCU, "call_rcu", core -> core.step(id, null, c -> {
            int runnable = c.rcu.queue(id, callback);
            return runsCallbacks ? runnable : -1;
        }, r -> "call_rcu(" + callback.describe() + ")" + (r >= 0 ? ": no CPU is reading, it may run at once" : ""),
                null).value(), callback.describe());
        if (due >= 0) run_rcu_callback(due);
    }

    /** A native engine's run of an RCU callback whose grace period is over (see {@link Rcu}). */
    private void run_rcu_callback(int callback) {
        perform(Footprint.EVERYTHING, "rcu_callback", core -> {
            core.deliver_ipi(callback, id);
            return null;
        }, callback);
        sched.released(id);
    }

    /** A kernel memory access to the page through this CPU's TLB. */
    public void touch(long page) {
        perform(TOUCH, "touch", core -> {
            core.touch(id, page);
            return null;
        }, page);
    }

    /**
     * Not a step: an annotation, like lockdep's. From here to the end of the scenario operation
     * this CPU is running, it touches nothing outside {@code footprint}; the explorer holds the
     * code to that and uses it to know which interleavings cannot matter.
     */
    public void rest_of_operation_touches(Footprint footprint) {
        sched.restOfOperationTouches(id, footprint);
    }

    /** Tells the hazard monitor that an attribute change returned to its caller. */
    public void change_returned(long[] pages, Prot prot, FlushScope scope) {
        perform(RETURNED, "change_returned", core -> {
            core.change_returned(id, pages, prot, scope);
            return null;
        }, pages, prot, scope);
    }

    /**
     * A step of a model-specific kind (on a {@link Device}, or a kernel object): runs
     * {@code body} atomically and records {@code action} in the trace.
     */
    public <T> T step(Function<MachineCore, T> body, Function<T, String> action) {
        T result = performBody(null, body, core -> core.step(id, null, body, action, null).value());
        sched.released(id);
        return result;
    }

    /** Like {@link #step}, but waits until {@code guard} holds (the step cannot happen before). */
    public <T> T stepWhen(Predicate<MachineCore> guard, Function<MachineCore, T> body, Function<T, String> action) {
        while (true) {
            // Under a native engine another CPU may have moved since the guard was seen true.
            StepOutcome<T> outcome = performBody(Guard.of(guard), body,
                    core -> core.step(id, guard, body, action, null));
            if (outcome.happened()) {
                sched.released(id);
                return outcome.value();
            }
        }
    }

    private <T> T perform(Footprint footprint, String call, Function<MachineCore, T> body, Object... args) {
        return perform(null, footprint, call, body, args);
    }

    /** The step {@code call(args)}, announced to the scheduler, which runs it where it chooses. */
    private <T> T perform(Guard guard, Footprint footprint, String call, Function<MachineCore, T> body,
                          Object... args) {
        return sched.perform(id, core, new Step<>(guard, footprint, body, true, StepSignature.of(call, args), call));
    }

    /** A step of the model's own: known by its body. */
    private <T> T performBody(Guard guard, Object body, Function<MachineCore, T> run) {
        return sched.perform(id, core, new Step<>(guard, Footprint.EVERYTHING, run, true, StepSignature.ofBody(body),
                "a step of " + bodyName(body)));
    }

    private static String bodyName(Object body) {
        String name = body.getClass().getName();
        int cut = name.indexOf("$$Lambda");
        return cut < 0 ? name : name.substring(0, cut);
    }

    // ---- SEV cache flushes: on_each_cpu_mask() and checked steps ----

    /**
     * {@code on_each_cpu_mask(mask, func, info, wait=1)}: run locally if this CPU is in the mask,
     * IPI the other CPUs of the mask, wait for all. IPIs are delivered as in {@link #on_each_cpu}.
     */
    public void on_each_cpu_mask(java.util.BitSet mask, IpiWork work) {
        sendAndWait(mask, work, core -> core.send_ipis_mask(id, mask, work));
    }

    /**
     * Like {@link #step}, then {@code check} on the result inside the same atomic step, after the
     * step is recorded: a hazard it raises ends the trace at this step.
     */
    public <T> T stepThenCheck(Function<MachineCore, T> body, Function<T, String> action,
                               java.util.function.BiConsumer<MachineCore, T> check) {
        T result = performBody(null, body, core -> core.step(id, null, body, action, check).value());
        sched.released(id);
        return result;
    }
}
