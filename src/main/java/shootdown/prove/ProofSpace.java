package shootdown.prove;

import java.util.List;
import java.util.Set;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.model.Model;
import shootdown.model.Op;
import shootdown.model.Operations;
import shootdown.model.Scenario;

/**
 * What a proof covers: every scenario in which each of {@code bound.cpus()} CPUs runs
 * {@code bound.opsPerCpu()} operations drawn from {@code alphabet}, from the boot {@code layout};
 * or, with {@code only} set, that one scenario. {@code counted} names the hazards that count (null: all);
 * {@code flush} is how the machine's {@code flush_tlb_all()} reaches other CPUs.
 */
public record ProofSpace(Model model, List<Op> alphabet, String layout, Bound bound, Scenario only,
                         Set<Hazard.Kind> counted, FlushMethod flush) {
    public ProofSpace {
        if (flush == null) flush = FlushMethod.IPI;
        if (alphabet.isEmpty()) throw new IllegalArgumentException("model '" + model.name() + "' has no proof alphabet");
        Operations.check(model, List.of(alphabet));
        Operations.requireLayout(model, layout);
        alphabet = List.copyOf(alphabet);
    }

    public ProofSpace(Model model, List<Op> alphabet, String layout, Bound bound) {
        this(model, alphabet, layout, bound, null, null, FlushMethod.IPI);
    }

    /** The same space, counting only {@code kinds} (null: all). */
    public ProofSpace counting(Set<Hazard.Kind> kinds) {
        return new ProofSpace(model, alphabet, layout, bound, only == null ? null : only.counting(kinds), kinds, flush);
    }

    /** The same space on a machine whose {@code flush_tlb_all()} works by {@code method}. */
    public ProofSpace flushing(FlushMethod method) {
        return new ProofSpace(model, alphabet, layout, bound, only == null ? null : only.flushing(method), counted, method);
    }

    /** The model's own alphabet and layout. */
    public static ProofSpace of(Model model, Bound bound) {
        return new ProofSpace(model, model.proveAlphabet(), model.proveLayout(), bound);
    }

    /** One scenario, every interleaving of it. */
    public static ProofSpace of(Model model, Scenario scenario) {
        Operations.check(model, scenario.opsPerCpu());
        List<Op> ops = scenario.opsPerCpu().stream().flatMap(List::stream).distinct().toList();
        int longest = scenario.opsPerCpu().stream().mapToInt(List::size).max().orElse(1);
        return new ProofSpace(model, ops, scenario.layout(), new Bound(scenario.cpus(), Math.max(1, longest)), scenario,
                scenario.counted(), scenario.flush());
    }

    /** What the CPUs run, in words: "operations from the model's alphabet", or the alphabet and layout given. */
    public String describe() {
        if (only != null) return "one scenario: " + only.describeOps() + ", layout " + layout;
        if (alphabet.equals(model.proveAlphabet()) && layout.equals(model.proveLayout())) {
            return "operations from the model's alphabet";
        }
        return "operations from " + alphabet + ", layout " + layout;
    }
}
