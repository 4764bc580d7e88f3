package shootdown.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.machine.Footprint;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * What each CPU runs: the operations of one scenario, or, for a whole proof bound, any
 * operation of the model's proof alphabet at every operation boundary, up to a number of
 * operations. In the second form the choice of operation is a move of the search like any
 * other, so states that scenarios share (every state before a CPU's later operations start)
 * are explored once, not once per scenario.
 */
abstract class Programs {
    final Model model;
    final Variant variant;
    final int cpus;

    private Programs(Variant variant, int cpus) {
        this.model = variant.model();
        this.variant = variant;
        this.cpus = cpus;
    }

    /** One scenario's operations. */
    static Programs of(Variant variant, Scenario scenario) {
        return new Fixed(variant, scenario);
    }

    /**
     * Any {@code opsPerCpu} operations of {@code alphabet} on each of {@code cpus} CPUs, from
     * {@code layout}, counting the hazards {@code counted} (null: all), flushing by {@code flush}.
     */
    static Programs anyOf(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                          Set<Hazard.Kind> counted, FlushMethod flush) {
        return new Alphabet(variant, alphabet, layout, cpus, opsPerCpu, counted, flush);
    }

    /** The operations CPU {@code cpu} may start once it has run {@code ops}; none when it has finished. */
    abstract List<Op> choices(int cpu, List<Op> ops);

    /** What the operations CPU {@code cpu} may still start after {@code ops} may touch. */
    abstract Footprint after(int cpu, List<Op> ops);

    /** A fresh instance on which CPU {@code cpu} runs {@code ops}, its steps going to {@code sched}. */
    abstract ModelInstance instance(int cpu, List<Op> ops, Sched sched);

    /** The instance whose boot machine the search starts from (its CPUs never run). */
    abstract ModelInstance boot();

    private static final class Fixed extends Programs {
        private final Scenario scenario;
        /** Per CPU and operation index: what that operation and every later one may touch. */
        private final Footprint[][] fromIndex;

        Fixed(Variant variant, Scenario scenario) {
            super(variant, scenario.cpus());
            this.scenario = scenario;
            ModelInstance instance = boot();
            this.fromIndex = new Footprint[cpus][];
            for (int cpu = 0; cpu < cpus; cpu++) {
                int ops = scenario.opsPerCpu().get(cpu).size();
                fromIndex[cpu] = new Footprint[ops + 1];
                fromIndex[cpu][ops] = Footprint.NOTHING;
                for (int index = ops - 1; index >= 0; index--) {
                    fromIndex[cpu][index] = fromIndex[cpu][index + 1].union(instance.footprint(cpu, index));
                }
            }
        }

        @Override
        List<Op> choices(int cpu, List<Op> ops) {
            List<Op> own = scenario.opsPerCpu().get(cpu);
            return ops.size() < own.size() ? List.of(own.get(ops.size())) : List.of();
        }

        @Override
        Footprint after(int cpu, List<Op> ops) {
            return fromIndex[cpu][ops.size()];
        }

        @Override
        ModelInstance instance(int cpu, List<Op> ops, Sched sched) {
            return model.newInstance(variant, scenario, sched);
        }

        @Override
        ModelInstance boot() {
            return model.newInstance(variant, scenario, new CpuResume.Unused());
        }
    }

    private static final class Alphabet extends Programs {
        private final List<Op> alphabet;
        private final String layout;
        private final Set<Hazard.Kind> counted;
        private final FlushMethod flush;
        private final int opsPerCpu;
        /** Per CPU: what any operation of the alphabet may touch. */
        private final Footprint[] anyOp;

        Alphabet(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu, Set<Hazard.Kind> counted,
                 FlushMethod flush) {
            super(variant, cpus);
            this.alphabet = alphabet;
            this.layout = layout;
            this.counted = counted;
            this.flush = flush;
            this.opsPerCpu = opsPerCpu;
            ModelInstance instance = boot();
            this.anyOp = new Footprint[cpus];
            for (int cpu = 0; cpu < cpus; cpu++) {
                anyOp[cpu] = Footprint.NOTHING;
                for (int index = 0; index < alphabet.size(); index++) {
                    anyOp[cpu] = anyOp[cpu].union(instance.footprint(cpu, index));
                }
            }
        }

        @Override
        List<Op> choices(int cpu, List<Op> ops) {
            return ops.size() < opsPerCpu ? alphabet : List.of();
        }

        @Override
        Footprint after(int cpu, List<Op> ops) {
            return ops.size() < opsPerCpu ? anyOp[cpu] : Footprint.NOTHING;
        }

        /** The other CPUs list the whole alphabet, so the machine watches the same pages as the boot one. */
        @Override
        ModelInstance instance(int cpu, List<Op> ops, Sched sched) {
            List<List<Op>> lists = new ArrayList<>();
            for (int other = 0; other < cpus; other++) lists.add(other == cpu ? ops : alphabet);
            return model.newInstance(variant, scenario(lists), sched);
        }

        @Override
        ModelInstance boot() {
            List<List<Op>> lists = new ArrayList<>();
            for (int cpu = 0; cpu < cpus; cpu++) lists.add(alphabet);
            return model.newInstance(variant, scenario(lists), new CpuResume.Unused());
        }

        private Scenario scenario(List<List<Op>> lists) {
            return new Scenario("bound", layout, "any operations of the proof alphabet", lists, counted, flush);
        }
    }
}
