package shootdown.machine;

import java.util.TreeSet;

/**
 * What a run left behind, as a lock-removal certificate compares it, independent of the order
 * things were allocated in: the final translation of every watched page, what each TLB may hold
 * for them and the tables the live ones no longer reach that its paging-structure caches may still
 * walk through, the changes that returned to their callers, and the
 * devices' state.
 */
final class FinalOutcome {
    private FinalOutcome() {
    }

    static String of(MachineCore core) {
        StringBuilder out = new StringBuilder();
        for (long page : core.tlbs.watched()) {
            Pte leaf = core.map.walk(page).value();
            out.append("page ").append(Hex.of(page)).append(" -> ")
                    .append(leaf.isLeaf() ? leaf.size() + " pfn " + Hex.of(leaf.frameFor(page)) + " " + leaf.prot() : "none")
                    .append('\n');
        }
        for (int cpu = 0; cpu < core.cpus(); cpu++) {
            TreeSet<String> held = new TreeSet<>();
            for (long page : core.tlbs.watched()) for (TlbEntry e : core.tlbs.covering(cpu, page)) held.add(e.toString());
            out.append("CPU").append(cpu).append(" TLB ").append(held).append('\n');
            String walks = core.pscs.describe(cpu, core.map);
            if (!walks.isEmpty()) out.append("CPU").append(cpu).append(" walks through ").append(walks).append('\n');
        }
        core.monitor.outcome(out);
        core.devices.outcome(out);
        return out.toString();
    }
}
