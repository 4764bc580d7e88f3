package shootdown.model.wb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shootdown.engine.NativeRun;
import shootdown.machine.Caches;
import shootdown.machine.HazardException;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * What each flush design costs, measured on the model (no exploration): seed 002's host of 128
 * CPUs running an SEV guest whose 8 vCPUs are pinned to CPUs 0-7, with a host thread on CPU 127
 * reclaiming one guest frame at a time. The run is sequential and deterministic; for each
 * reclaim it counts the CPUs that executed WBINVD/WBNOINVD and the CPUs that really held a
 * dirty line of the reclaimed frame. Later phases move the vCPUs to CPUs 8-15, as an unpinned
 * guest would.
 */
public final class WbCost {
    public static final int HOST_CPUS = 128;
    public static final int VCPUS = 8;
    private static final int RECLAIMER = HOST_CPUS - 1;

    /**
     * One reclaim of one variant: CPUs flushed against CPUs that held a dirty line of the frame.
     * {@code hazard} is set if the reclaim returned with dirty lines left (then the run stops).
     */
    public record Row(String variant, String situation, long flushed, long dirty, String hazard) {
    }

    /** The designs seed 002 and the kernel's to-do comment compare: WB-0, WB-1 and WB-6. */
    public static final List<String> COMPARED = List.of("wbinvd-all-cpus", "sticky-mask", "serialized-clear");

    private WbCost() {
    }

    public static List<Row> rows() {
        return rows(COMPARED);
    }

    public static List<Row> rows(List<String> variants) {
        List<Row> out = new ArrayList<>();
        for (String variant : variants) out.addAll(run(variant));
        return out;
    }

    /** The story: what the vCPUs do before each reclaim. */
    private static final class Script {
        final List<List<Op>> ops = new ArrayList<>();
        final List<int[]> order = new ArrayList<>(); // {cpu, index}, or {-1, reclaim#} before a reclaim
        final List<String> situations = new ArrayList<>();
        long nextGfn;

        Script() {
            for (int cpu = 0; cpu < HOST_CPUS; cpu++) ops.add(new ArrayList<>());
        }

        void add(int cpu, String name, long page) {
            ops.get(cpu).add(new Op(name, page));
            order.add(new int[] {cpu, ops.get(cpu).size() - 1});
        }

        void vcpus(int firstCpu, String name) {
            for (int v = 0; v < VCPUS; v++) add(firstCpu + v, name, v);
        }

        void reclaim(String situation) {
            situations.add(situation);
            order.add(new int[] {-1, situations.size() - 1});
            add(RECLAIMER, "reclaim", nextGfn++);
        }
    }

    private static Script script() {
        Script s = new Script();
        s.vcpus(0, "vcpu_load");
        s.vcpus(0, "vcpu_enter_guest");
        s.reclaim("8 vCPUs pinned to CPUs 0-7 ran");
        s.vcpus(0, "vcpu_enter_guest");
        s.reclaim("they ran again");
        s.vcpus(0, "vcpu_put");
        s.reclaim("they halted (scheduled out) since");
        s.reclaim("the guest stayed idle");
        s.vcpus(8, "vcpu_load");
        s.vcpus(8, "vcpu_enter_guest");
        s.reclaim("the vCPUs moved to CPUs 8-15 and ran");
        s.vcpus(8, "vcpu_enter_guest");
        s.reclaim("they ran again on CPUs 8-15");
        return s;
    }

    private static List<Row> run(String variant) {
        Script s = script();
        Scenario scenario = new Scenario("cost-128-cpus-8-vcpus", "guest-" + s.nextGfn + "-frames",
                "seed 002: 128 host CPUs, 8 vCPUs pinned to CPUs 0-7, reclaims from CPU " + RECLAIMER, s.ops);
        ModelInstance instance = NativeRun.create(WbModel.INSTANCE.variant(variant), scenario);
        List<Row> out = new ArrayList<>();
        String situation = null;
        long flushesBefore = 0;
        long dirtyBefore = 0;
        for (int[] step : s.order) {
            if (step[0] < 0) {
                situation = s.situations.get(step[1]);
                flushesBefore = counter(instance, Caches.FLUSHES);
                dirtyBefore = counter(instance, KvmMain.DIRTY_AT_RECLAIM);
                continue;
            }
            String hazard = null;
            try {
                instance.run(step[0], step[1]);
            } catch (HazardException e) {
                hazard = e.hazard().kind().name();
            }
            if (step[0] == RECLAIMER || hazard != null) {
                out.add(new Row(variant, situation, counter(instance, Caches.FLUSHES) - flushesBefore,
                        counter(instance, KvmMain.DIRTY_AT_RECLAIM) - dirtyBefore, hazard));
            }
            if (hazard != null) break;
        }
        return out;
    }

    private static long counter(ModelInstance instance, String name) {
        Map<String, Long> counters = instance.machine().inspect().counters();
        return counters.getOrDefault(name, 0L);
    }

    /** Prints the table: one line per reclaim, CPUs flushed by each design, CPUs really dirty. */
    public static void main(String[] args) {
        List<String> variants = args.length > 0 ? List.of(args) : COMPARED;
        List<List<Row>> runs = new ArrayList<>();
        for (String variant : variants) runs.add(run(variant));
        System.out.println("SEV cache flush per reclaim: " + HOST_CPUS + " host CPUs, an SEV guest with " + VCPUS
                + " vCPUs (seed 002), reclaims from CPU " + RECLAIMER + ".");
        System.out.println("Each cell: CPUs flushed / CPUs that held a dirty line of the reclaimed frame.");
        StringBuilder header = new StringBuilder(String.format("%-38s", "reclaim after"));
        for (String v : variants) header.append(String.format(" | %-16s", v));
        System.out.println(header);
        int reclaims = script().situations.size();
        long[] flushed = new long[variants.size()];
        long[] dirty = new long[variants.size()];
        for (int r = 0; r < reclaims; r++) {
            StringBuilder line = new StringBuilder(String.format("%-38s", script().situations.get(r)));
            for (int v = 0; v < variants.size(); v++) {
                List<Row> run = runs.get(v);
                String cell = "";
                if (r < run.size()) {
                    Row row = run.get(r);
                    flushed[v] += row.flushed();
                    dirty[v] += row.dirty();
                    cell = row.hazard() != null ? row.hazard().substring(0, 2) + " after " + row.flushed() + " / "
                            + row.dirty() : row.flushed() + " / " + row.dirty();
                }
                line.append(String.format(" | %-16s", cell));
            }
            System.out.println(line);
        }
        StringBuilder total = new StringBuilder(String.format("%-38s", "total"));
        for (int v = 0; v < variants.size(); v++) total.append(String.format(" | %-16s", flushed[v] + " / " + dirty[v]));
        System.out.println(total);
    }
}
