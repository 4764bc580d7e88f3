package shootdown.prove;

import java.util.ArrayList;
import java.util.List;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * Every scenario within a bound: each CPU runs a sequence of {@code opsPerCpu} operations from
 * the model's alphabet. CPUs are interchangeable (same hardware, same boot TLB contents), so
 * scenarios that only permute CPUs are one scenario: the per-CPU sequences are taken as a
 * multiset, in non-decreasing order.
 */
public final class ScenarioSpace {
    private ScenarioSpace() {
    }

    public static List<Scenario> enumerate(ProofSpace space) {
        if (space.only() != null) return List.of(space.only());
        List<List<Op>> sequences = new ArrayList<>();
        sequences(space.alphabet(), space.bound().opsPerCpu(), new ArrayList<>(), sequences);
        List<Scenario> scenarios = new ArrayList<>();
        multisets(sequences, space.bound().cpus(), 0, new ArrayList<>(), space.layout(), scenarios);
        return scenarios.stream().map(s -> s.counting(space.counted()).flushing(space.flush())).toList();
    }

    /** The number of scenarios a CPU-ordered enumeration would have: what symmetry saves. */
    public static long naiveCount(ProofSpace space) {
        if (space.only() != null) return 1;
        return (long) Math.pow(Math.pow(space.alphabet().size(), space.bound().opsPerCpu()), space.bound().cpus());
    }

    private static void sequences(List<Op> alphabet, int length, List<Op> prefix, List<List<Op>> out) {
        if (prefix.size() == length) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (Op op : alphabet) {
            prefix.add(op);
            sequences(alphabet, length, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static void multisets(List<List<Op>> sequences, int cpus, int from, List<List<Op>> chosen, String layout,
                                  List<Scenario> out) {
        if (chosen.size() == cpus) {
            Scenario scenario = new Scenario("bound-" + (out.size() + 1), layout,
                    "one scenario of the proof's space", List.copyOf(chosen));
            out.add(scenario);
            return;
        }
        for (int i = from; i < sequences.size(); i++) {
            chosen.add(sequences.get(i));
            multisets(sequences, cpus, i, chosen, layout, out);
            chosen.remove(chosen.size() - 1);
        }
    }
}
