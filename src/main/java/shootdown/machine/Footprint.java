package shootdown.machine;

/**
 * What a machine step may read and write, as two sets of objects of the simulated machine. Two
 * steps of different CPUs commute when neither writes what the other touches: run in either
 * order they reach the same state and return the same values. That is all partial-order
 * reduction needs to know to skip orders that cannot differ.
 *
 * A footprint may say more than the step does (that only costs reduction), never less. The
 * objects are coarse on purpose: all live page tables are one object, the kernel's walkers inside
 * page-table pages another, a CPU's TLB stands for its paging-structure caches too, and a step on a device
 * (whose effects are not described) touches everything.
 * Per-CPU objects (TLB, interrupt flag, the IPIs pending for a CPU) and locks get one bit each;
 * CPUs or locks beyond the bits available share the last one, which again only costs reduction.
 */
public record Footprint(long reads, long writes) {
    private static final int PAGE_TABLES = 0;
    private static final int TABLE_POOL = 1;
    /** RCU: every CPU's read sections and the callbacks waiting for them, as one object. */
    private static final int RCU = 2;
    /** Kernel code inside page-table pages between two of its steps ({@link TableWalkers}), as one object. */
    private static final int WALKERS = 3;
    /** The model's devices, as one object: only steps that declare {@link #EVERYTHING} touch them. */
    private static final int DEVICES = 4;
    private static final int LOCKS = 5;
    private static final int LOCK_BITS = 11;
    private static final int TLBS = LOCKS + LOCK_BITS;
    private static final int IRQS = TLBS + 16;
    private static final int IPIS = IRQS + 16;
    private static final int CPU_BITS = 16;

    public static final Footprint NOTHING = new Footprint(0, 0);
    /** What a step whose effects are not described may do: it conflicts with every other step. */
    public static final Footprint EVERYTHING = new Footprint(-1L, -1L);

    public Footprint union(Footprint other) {
        return new Footprint(reads | other.reads, writes | other.writes);
    }

    /** True if the two steps may not commute: one writes what the other reads or writes. */
    public boolean conflictsWith(Footprint other) {
        return (writes & (other.reads | other.writes)) != 0 || (other.writes & reads) != 0;
    }

    /** True if this may write something {@code other} reads or writes: it may enable or disable it. */
    public boolean mayChange(Footprint other) {
        return (writes & (other.reads | other.writes)) != 0;
    }

    /** True if everything {@code step} touches is within this footprint. */
    public boolean covers(Footprint step) {
        return (step.reads & ~(reads | writes)) == 0 && (step.writes & ~writes) == 0;
    }

    /** What {@code step} touches outside this footprint (a write declared covers a read). */
    public Footprint beyond(Footprint step) {
        return new Footprint(step.reads & ~(reads | writes), step.writes & ~writes);
    }

    public boolean isEmpty() {
        return reads == 0 && writes == 0;
    }

    // ---- building footprints ----

    public Footprint readsPageTables() {
        return reading(bit(PAGE_TABLES));
    }

    public Footprint writesPageTables() {
        return writing(bit(PAGE_TABLES));
    }

    /** Page-table pages not yet reachable from the root: allocated, being filled, or freed. */
    public Footprint readsTablePool() {
        return reading(bit(TABLE_POOL));
    }

    public Footprint writesTablePool() {
        return writing(bit(TABLE_POOL));
    }

    /** Reads whether CPUs are inside RCU read sections, or which callbacks wait for them. */
    public Footprint readsRcu() {
        return reading(bit(RCU));
    }

    /** Enters or leaves a read section, queues or runs a callback. */
    public Footprint writesRcu() {
        return writing(bit(RCU));
    }

    /** Where kernel code walks inside page-table pages between two steps ({@link TableWalkers}). */
    public Footprint readsWalkers() {
        return reading(bit(WALKERS));
    }

    public Footprint writesWalkers() {
        return writing(bit(WALKERS));
    }

    /**
     * A read hold of an rwlock taken or dropped: readers commute with each other (each changes
     * only its own bit of the reader set, and no reader's guard reads that set), so to each other
     * the lock is only read; a writer's step writes it, and conflicts with them all.
     */
    public Footprint readsLock(RwLock lock) {
        return reading(bit(LOCKS + Math.min(lock.index, LOCK_BITS - 1)));
    }

    /** Reads who holds the lock (what checking a step's real effects records; writing the lock covers it). */
    public Footprint readsHolders(KernelLock lock) {
        return reading(bit(LOCKS + Math.min(lock.index, LOCK_BITS - 1)));
    }

    public Footprint writesLock(KernelLock lock) {
        return writing(bit(LOCKS + Math.min(lock.index, LOCK_BITS - 1)));
    }

    public Footprint readsDevices() {
        return reading(bit(DEVICES));
    }

    public Footprint writesDevices() {
        return writing(bit(DEVICES));
    }

    public Footprint readsTlb(int cpu) {
        return reading(cpuBit(TLBS, cpu));
    }

    public Footprint writesTlb(int cpu) {
        return writing(cpuBit(TLBS, cpu));
    }

    public Footprint readsAllTlbs() {
        return reading(allCpus(TLBS));
    }

    public Footprint writesAllTlbs() {
        return writing(allCpus(TLBS));
    }

    public Footprint readsIrq(int cpu) {
        return reading(cpuBit(IRQS, cpu));
    }

    public Footprint readsAllIrqs() {
        return reading(allCpus(IRQS));
    }

    public Footprint writesIrq(int cpu) {
        return writing(cpuBit(IRQS, cpu));
    }

    /** Reads whether IPIs are pending for {@code target}. */
    public Footprint readsIpisTo(int target) {
        return reading(cpuBit(IPIS, target));
    }

    /**
     * The IPIs pending for {@code target}: sending one adds to them, taking one removes from
     * them. IPIs to different targets are taken independently.
     */
    public Footprint writesIpisTo(int target) {
        return writing(cpuBit(IPIS, target));
    }

    /** A sender waiting until every target has taken its IPI. */
    public Footprint readsAllIpis() {
        return reading(allCpus(IPIS));
    }

    /** Sending to every CPU. */
    public Footprint writesAllIpis() {
        return writing(allCpus(IPIS));
    }

    private Footprint reading(long bits) {
        return new Footprint(reads | bits, writes);
    }

    private Footprint writing(long bits) {
        return new Footprint(reads, writes | bits);
    }

    private static long bit(int index) {
        return 1L << index;
    }

    private static long cpuBit(int base, int cpu) {
        return bit(base + Math.min(cpu, CPU_BITS - 1));
    }

    private static long allCpus(int base) {
        return ((1L << CPU_BITS) - 1) << base;
    }

    @Override
    public String toString() {
        return "reads " + names(reads) + ", writes " + names(writes);
    }

    /** The objects written, e.g. {@code {page-tables}}. */
    public String writtenObjects() {
        return names(writes);
    }

    /** The objects of {@code bits}; a per-CPU object held for every CPU is written once, e.g. {@code TLB*}. */
    private static String names(long bits) {
        if (bits == -1L) return "everything";
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < TLBS; i++) if ((bits & bit(i)) != 0) out.add(name(i));
        for (int base : new int[] {TLBS, IRQS, IPIS}) {
            long group = allCpus(base);
            if ((bits & group) == group) {
                out.add(name(base).replaceAll("\\d+$", "") + "*");
                continue;
            }
            for (int i = base; i < base + CPU_BITS; i++) if ((bits & bit(i)) != 0) out.add(name(i));
        }
        return "{" + String.join(" ", out) + "}";
    }

    private static String name(int index) {
        if (index == PAGE_TABLES) return "page-tables";
        if (index == TABLE_POOL) return "table-pool";
        if (index == RCU) return "rcu";
        if (index == WALKERS) return "walkers";
        if (index == DEVICES) return "devices";
        if (index < TLBS) return "lock#" + (index - LOCKS);
        if (index < IRQS) return "TLB" + (index - TLBS);
        if (index < IPIS) return "irq" + (index - IRQS);
        return "ipi" + (index - IPIS);
    }
}
