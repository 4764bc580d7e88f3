package shootdown.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The hazard monitor: the checks that turn a machine state into a verdict (H1 mixed sizes, H2
 * stale after completion, H6 not-present accesses, H7 freed tables still reachable, lost updates
 * and H5 leaks at quiescence), and the one piece of state they keep, the attribute changes that
 * returned to their callers.
 */
final class HazardMonitor {
    private record Returned(int cpu, long page, Prot prot) {
        /** This change's hashes with its CPU numbered {@code renumbered}, for an order-free sum. */
        long[] hashes(int renumbered) {
            Fingerprint f = new Fingerprint();
            f.add(renumbered);
            f.add(page);
            f.add(prot.bits());
            return new long[] {f.a(), f.b()};
        }
    }

    private final List<Returned> returned;
    /** The returned changes in canonical (sorted) form, kept until the next return. */
    private String encoded = "";
    /** Bit {@code kind.ordinal()} set for each optional hazard left out of the question. */
    private long ignored;

    HazardMonitor() {
        this.returned = new ArrayList<>();
    }

    private HazardMonitor(HazardMonitor from) {
        this.returned = new ArrayList<>(from.returned);
        this.encoded = from.encoded;
        this.ignored = from.ignored;
    }

    void countOnly(java.util.Set<Hazard.Kind> kinds) {
        ignored = 0;
        for (Hazard.Kind kind : Hazard.Kind.values()) if (kind.optional() && !kinds.contains(kind)) ignored |= 1L << kind.ordinal();
    }

    boolean counts(Hazard.Kind kind) {
        return (ignored & (1L << kind.ordinal())) == 0;
    }

    /** Runs a read-only check; a hazard it raises that the question leaves out is dropped. */
    void check(Runnable check) {
        try {
            check.run();
        } catch (HazardException e) {
            if (counts(e.hazard().kind())) throw e;
        }
    }

    HazardMonitor copy() {
        return new HazardMonitor(this);
    }

    /** H1: some CPU may hold a large and a small translation of one page that differ. */
    void checkMixedSizes(Tlbs tlbs, int cpus, int actor, int step) {
        if (!counts(Hazard.Kind.H1_MIXED_SIZE_CONFLICT)) return;
        for (int victim = 0; victim < cpus; victim++) {
            TlbEntry[] pair = tlbs.conflict(victim);
            if (pair != null) {
                throw new HazardException(new Hazard(Hazard.Kind.H1_MIXED_SIZE_CONFLICT, step, victim, actor,
                        "CPU" + victim + " may hold a " + pair[0].size() + " and a " + pair[1].size()
                                + " translation of one page that differ",
                        List.of("large: " + pair[0], "small: " + pair[1])));
            }
        }
    }

    /** A kernel access to the page on CPU {@code cpu}: mapped present (H6), unambiguously (H1). */
    void checkAccess(MachineCore core, int cpu, long page, String access) {
        check(() -> checkPresent(core.map, core.tlbs, cpu, page, access, core.trace.steps()));
        checkMixedSizes(core.tlbs, core.cpus(), cpu, core.trace.steps());
    }

    /**
     * H6: a kernel access to {@code page} on CPU {@code cpu} while the live walk finds no present
     * leaf. Whatever the CPU's TLB holds for the page may be evicted at any moment before the
     * access, so the access may fault; the evidence lists what the TLB may still hold.
     */
    void checkPresent(DirectMap map, Tlbs tlbs, int cpu, long page, String access, int step) {
        Hazard fault = notPresent(map, tlbs, cpu, page, access, step);
        if (fault != null) throw new HazardException(fault);
    }

    /** The H6 an access would raise now, or null if the live tables map the page present. */
    static Hazard notPresent(DirectMap map, Tlbs tlbs, int cpu, long page, String access, int step) {
        Lookup live = map.walk(page);
        if (live.value().isLeaf() && live.value().prot().present()) return null;
        return new Hazard(Hazard.Kind.H6_NOT_PRESENT_ACCESS, step, cpu, cpu,
                access + " of " + Hex.of(page) + " on CPU" + cpu + " while the page tables map it "
                        + (live.value().isLeaf() ? "not present" : "nowhere") + ": a kernel page fault on the "
                        + "direct map (any translation the TLB holds may be evicted first)",
                List.of("live: " + live, "CPU" + cpu + " TLB may still hold: " + tlbs.covering(cpu, page)));
    }

    /**
     * H7 at a free: some CPU's paging-structure caches may still point at the table (its
     * hardware walker may read the freed page), or kernel code is inside it between two reads.
     */
    void checkFree(MachineCore core, int actor, int table, boolean published) {
        if (!published) {
            // Nothing can point at a table that never was in the tables: no check to make, and none the step declares.
            if (core.map.everPublished(table)) {
                throw new IllegalStateException("table#" + table + " freed as never published, but it was in the tables");
            }
            return;
        }
        // The machine cannot go on with a freed table in the live tables, whatever the question.
        if (core.map.reachable(table)) {
            throw core.hazard(Hazard.Kind.H7_FREED_TABLE_REACHABLE, actor, actor, "table#" + table + " freed while the "
                    + "live page tables still point at it", List.of());
        }
        check(() -> checkFree(actor, table, core.pscs, core.walkers, core.cpus(), core.trace.steps()));
    }

    private void checkFree(int actor, int table, PagingStructureCaches pscs, TableWalkers walkers, int cpus, int step) {
        for (int victim = 0; victim < cpus; victim++) {
            if (walkers.inside(victim) == table) {
                throw new HazardException(new Hazard(Hazard.Kind.H7_FREED_TABLE_REACHABLE, step, victim, actor,
                        "table#" + table + " freed while CPU" + victim + (walkers.scanning(victim)
                                ? " is scanning it" : " walks it locklessly: it read the entry pointing at the "
                                + "table and reads inside it next"), List.of()));
            }
            List<PagingStructureCaches.Entry> cached = pscs.pointingAt(victim, table);
            if (!cached.isEmpty()) {
                throw new HazardException(new Hazard(Hazard.Kind.H7_FREED_TABLE_REACHABLE, step, victim, actor,
                        "table#" + table + " freed while CPU" + victim + "'s paging-structure cache may still point "
                                + "at it: its page walker may read the freed page as page-table entries",
                        List.of("cached: " + cached)));
            }
        }
    }

    /** H7 at a use: kernel code reads or stores through a pointer into a table that was freed since. */
    void checkNotFreed(DirectMap map, PteRef kpte, int cpu, String use, int step) {
        if (!map.isFreed(kpte.table())) return;
        throw new HazardException(new Hazard(Hazard.Kind.H7_FREED_TABLE_REACHABLE, step, cpu, cpu,
                use + " through " + kpte + ", a pointer into table#" + kpte.table() + ", which was freed since the "
                        + "CPU looked it up: a use after free", List.of("freed table#" + kpte.table() + " held "
                        + map.read(kpte) + " there")));
    }

    /** Records a change that returned; H2 checks it against the flush it promised. */
    void changeReturned(int cpu, long[] pages, Prot prot, FlushScope scope, DirectMap map, Tlbs tlbs, int cpus,
                        int step) {
        for (long page : pages) returned.add(new Returned(cpu, page, prot));
        encoded = null;
        if (scope == FlushScope.NONE || !counts(Hazard.Kind.H2_STALE_AFTER_COMPLETION)) return;
        for (int victim = 0; victim < cpus; victim++) {
            if (scope == FlushScope.LOCAL && victim != cpu) continue;
            for (long page : pages) {
                Pte live = map.walk(page).value();
                for (TlbEntry entry : tlbs.covering(victim, page)) {
                    // What this change left is no stale entry, though a later change of another CPU,
                    // not flushed yet, may have replaced it in the tables: that flush is its own.
                    boolean current = live.isLeaf() && entry.frameFor(page) == live.frameFor(page)
                            && (entry.prot().equals(live.prot()) || entry.prot().equals(prot));
                    if (!current) {
                        throw new HazardException(new Hazard(Hazard.Kind.H2_STALE_AFTER_COMPLETION, step, victim, cpu,
                                "change of " + Hex.of(page) + " returned but CPU" + victim + " still holds " + entry,
                                List.of("live: " + live, "stale: " + entry)));
                    }
                }
            }
        }
    }

    /** The final-state check: every returned change is in the page tables; no table is lost. */
    void checkQuiescent(DirectMap map, Devices devices, MachineCore core) {
        check(() -> checkReturnedKept(map));
        for (Device device : devices.all()) check(() -> device.checkQuiescent(core));
        List<Integer> lost = map.unreachableTables();
        if (!lost.isEmpty() && counts(Hazard.Kind.H5_LEAK)) {
            throw new HazardException(new Hazard(Hazard.Kind.H5_LEAK, -1, -1, -1,
                    "page-table pages allocated but neither reachable nor freed: table#" + lost, List.of()));
        }
    }

    private void checkReturnedKept(DirectMap map) {
        for (Returned change : returned) {
            Pte live = map.walk(change.page).value();
            boolean kept = live.isLeaf() && returned.stream()
                    .anyMatch(c -> c.page == change.page && c.prot.equals(live.prot()));
            if (!kept) {
                throw new HazardException(new Hazard(Hazard.Kind.LOST_UPDATE, -1, change.cpu, change.cpu,
                        "CPU" + change.cpu + " set " + Hex.of(change.page) + " to " + change.prot
                                + " and returned, but the page tables now say " + live, List.of()));
            }
        }
    }

    /** In any order (a sum of hashes): two returns recorded in either order leave the same state. */
    void fingerprint(Fingerprint out, int[] rank) {
        long sumA = 0, sumB = 0;
        for (Returned change : returned) {
            long[] hashes = change.hashes(rank[change.cpu()]);
            sumA += hashes[0];
            sumB += hashes[1];
        }
        out.add(returned.size());
        out.add(sumA);
        out.add(sumB);
    }

    /** The returned changes, sorted: two returns recorded in either order leave the same state. */
    void encode(StringBuilder out) {
        if (encoded == null) {
            String[] changes = new String[returned.size()];
            for (int i = 0; i < changes.length; i++) {
                Returned change = returned.get(i);
                changes[i] = "ret" + change.cpu() + ':' + change.page() + ':' + change.prot();
            }
            Arrays.sort(changes);
            encoded = String.join("", changes);
        }
        out.append(encoded);
    }

    /** {@link #encode} with CPU c written as CPU {@code rank[c]}. */
    void encodeRenamed(StringBuilder out, int[] rank) {
        String[] changes = new String[returned.size()];
        for (int i = 0; i < changes.length; i++) {
            Returned change = returned.get(i);
            changes[i] = "ret" + rank[change.cpu()] + ':' + change.page() + ':' + change.prot();
        }
        Arrays.sort(changes);
        out.append(String.join("", changes));
    }

    void outcome(StringBuilder out) {
        TreeSet<String> sorted = new TreeSet<>();
        for (Returned change : returned) sorted.add(change.toString());
        out.append("returned ").append(sorted).append('\n');
    }
}
