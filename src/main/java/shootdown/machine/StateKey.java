package shootdown.machine;

/**
 * A machine state as the explorer compares it: a canonical text (the threaded reference search's
 * key) and a 128-bit fingerprint built part by part, optionally with the CPUs renumbered, so
 * that two states that differ only by which CPU is which can share one. The fingerprint has a
 * part that names no CPU and a part that is renumbered, so a search that tries several orders
 * of the CPUs computes the first part once.
 */
final class StateKey {
    private StateKey() {
    }

    /** A canonical snapshot of everything shared, as text. */
    static String encode(MachineCore core) {
        StringBuilder out = new StringBuilder(512);
        core.map.encode(out);
        core.tlbs.encode(out);
        core.pscs.encode(out);
        core.walkers.encode(out);
        core.locks.encode(out);
        core.interrupts.encode(out);
        core.rcu.encode(out);
        core.monitor.encode(out);
        core.devices.encode(out);
        return out.toString();
    }

    /**
     * {@link #encode} with CPU {@code order[k]} written as CPU k: written apart from the
     * fingerprint's renumbering, so that a check of the CPU symmetry does not trust it.
     */
    static String encodeRenamed(MachineCore core, int[] order) {
        int[] rank = rank(order);
        StringBuilder out = new StringBuilder(512);
        core.map.encode(out);
        core.tlbs.encodeRenamed(out, order);
        core.pscs.encodeRenamed(out, order);
        core.walkers.encodeRenamed(out, order);
        core.locks.encodeRenamed(out, rank);
        core.interrupts.encodeRenamed(out, order, rank);
        core.rcu.encodeRenamed(out, order, rank);
        core.monitor.encodeRenamed(out, rank);
        core.devices.encodeRenamed(out, order, rank);
        return out.toString();
    }

    /** The fingerprint with CPU {@code order[k]} counted as CPU k (null: as numbered). */
    static void fingerprint(MachineCore core, int[] order, Fingerprint out) {
        Fingerprint shared = new Fingerprint();
        sharedPart(core, shared);
        out.add(shared.a());
        out.add(shared.b());
        renumberedPart(core, order == null ? identity(core.cpus()) : order, out);
    }

    /** What does not name CPUs: the page tables (a search computes it once for every order it tries). */
    static void sharedPart(MachineCore core, Fingerprint out) {
        core.map.fingerprint(out);
    }

    /**
     * What names CPUs, with CPU {@code order[k]} counted as CPU k: TLBs, lock holders, IPIs and
     * interrupt flags, returned changes, and the devices (each renames the CPUs it names).
     */
    static void renumberedPart(MachineCore core, int[] order, Fingerprint out) {
        int[] rank = rank(order);
        core.tlbs.fingerprint(out, order);
        core.pscs.fingerprint(out, order);
        core.walkers.fingerprint(out, order);
        core.locks.fingerprint(out, rank);
        core.interrupts.fingerprint(out, order, rank);
        core.rcu.fingerprint(out, order, rank);
        core.monitor.fingerprint(out, rank);
        core.devices.fingerprint(out, order, rank);
    }

    /**
     * Orders two CPUs by what tells them apart in the machine, numbers aside: interrupt flag,
     * RCU read section, TLB, paging-structure caches, where a walker of theirs is, then the
     * devices. A search sorts CPUs by this (after their code's position) to renumber them.
     */
    static int compareCpus(MachineCore core, int a, int b) {
        boolean offA = !core.interrupts.enabled(a), offB = !core.interrupts.enabled(b);
        if (offA != offB) return offA ? 1 : -1;
        int byRcu = core.rcu.compare(a, b);
        if (byRcu != 0) return byRcu;
        int byTlb = core.tlbs.compare(a, b);
        if (byTlb != 0) return byTlb;
        int byPsc = core.pscs.compare(a, b);
        if (byPsc != 0) return byPsc;
        int byWalker = core.walkers.compare(a, b);
        return byWalker != 0 ? byWalker : core.devices.compareCpus(a, b);
    }

    private static int[] identity(int cpus) {
        int[] order = new int[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) order[cpu] = cpu;
        return order;
    }

    /** Where each CPU stands in {@code order}. */
    private static int[] rank(int[] order) {
        int[] rank = new int[order.length];
        for (int k = 0; k < order.length; k++) rank[order[k]] = k;
        return rank;
    }
}
