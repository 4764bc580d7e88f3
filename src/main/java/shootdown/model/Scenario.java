package shootdown.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;

/**
 * A small named scenario: which CPU runs which operations on which pages, the boot state (the
 * model's layout name) the machine starts from, how its {@code flush_tlb_all()} reaches other
 * CPUs ({@code flush}: by IPI, or by INVLPGB), and which hazards count ({@code counted}: null
 * for all of them; the others are not checked, see {@link Hazard.Kind#optional()}).
 */
public record Scenario(String name, String layout, String story, List<List<Op>> opsPerCpu, Set<Hazard.Kind> counted,
                       FlushMethod flush) {
    public Scenario {
        if (flush == null) flush = FlushMethod.IPI;
    }

    public Scenario(String name, String layout, String story, List<List<Op>> opsPerCpu) {
        this(name, layout, story, opsPerCpu, null, FlushMethod.IPI);
    }

    public Scenario(String name, String layout, String story, List<List<Op>> opsPerCpu, Set<Hazard.Kind> counted) {
        this(name, layout, story, opsPerCpu, counted, FlushMethod.IPI);
    }

    /** The same scenario, counting only {@code kinds} (null: all). */
    public Scenario counting(Set<Hazard.Kind> kinds) {
        return new Scenario(name, layout, story, opsPerCpu, kinds == null ? null : Set.copyOf(kinds), flush);
    }

    /** The same scenario on a machine whose {@code flush_tlb_all()} works by {@code method}. */
    public Scenario flushing(FlushMethod method) {
        return new Scenario(name, layout, story, opsPerCpu, counted, method);
    }

    public int cpus() {
        return opsPerCpu.size();
    }

    public int operations() {
        return opsPerCpu.stream().mapToInt(List::size).sum();
    }

    /** The pages the operations name: the ones the TLB model watches. */
    public long[] pages() {
        TreeSet<Long> pages = new TreeSet<>();
        for (List<Op> ops : opsPerCpu) for (Op op : ops) pages.add(op.page());
        return pages.stream().mapToLong(Long::longValue).toArray();
    }

    /** e.g. "CPU0: set_memory_ro(0x0) | CPU1: set_memory_rw(0x1), touch(0x1)". */
    public String describeOps() {
        List<String> parts = new ArrayList<>();
        for (int cpu = 0; cpu < opsPerCpu.size(); cpu++) {
            List<String> ops = new ArrayList<>();
            for (Op op : opsPerCpu.get(cpu)) ops.add(op.toString());
            parts.add("CPU" + cpu + ": " + String.join(", ", ops));
        }
        return String.join(" | ", parts);
    }
}
