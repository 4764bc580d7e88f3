package shootdown.prove;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * Every scenario within a bound: each CPU runs a sequence of {@code opsPerCpu} operations from
 * the model's alphabet. Where the variant's CPUs are interchangeable (same hardware, same boot
 * state, code that does not depend on CPU numbers), scenarios that only permute CPUs are one
 * scenario: the per-CPU sequences are taken as a multiset, in non-decreasing order. Otherwise
 * every assignment of sequences to numbered CPUs is a scenario of its own.
 */
public final class ScenarioSpace {
    private ScenarioSpace() {
    }

    /** The scenarios, taking CPUs as interchangeable. */
    public static List<Scenario> enumerate(ProofSpace space) {
        return enumerate(space, true);
    }

    /** The scenarios; with {@code interchangeable} false, one per assignment of sequences to numbered CPUs. */
    public static List<Scenario> enumerate(ProofSpace space, boolean interchangeable) {
        if (space.only() != null) return List.of(space.only());
        List<List<Op>> sequences = new ArrayList<>();
        sequences(space.alphabet(), space.bound().opsPerCpu(), new ArrayList<>(), sequences);
        List<Scenario> scenarios = new ArrayList<>();
        multisets(sequences, space.bound().cpus(), 0, interchangeable, new ArrayList<>(), space.layout(), scenarios);
        return scenarios.stream().map(s -> s.counting(space.counted()).flushing(space.flush())).toList();
    }

    /** The number of scenarios a CPU-ordered enumeration would have: what symmetry saves (Long.MAX_VALUE: more). */
    public static long naiveCount(ProofSpace space) {
        if (space.only() != null) return 1;
        BigInteger sequences = BigInteger.valueOf(space.alphabet().size()).pow(space.bound().opsPerCpu());
        return saturated(sequences.pow(space.bound().cpus()));
    }

    /**
     * The number of scenarios {@link #enumerate} lists without making them: multisets of
     * {@code cpus} sequences out of |alphabet|^ops, i.e. C(n + cpus - 1, cpus).
     */
    public static BigInteger count(ProofSpace space) {
        if (space.only() != null) return BigInteger.ONE;
        BigInteger n = BigInteger.valueOf(space.alphabet().size()).pow(space.bound().opsPerCpu());
        int k = space.bound().cpus();
        BigInteger out = BigInteger.ONE;
        for (int i = 1; i <= k; i++) out = out.multiply(n.add(BigInteger.valueOf(i - 1))).divide(BigInteger.valueOf(i));
        return out;
    }

    private static long saturated(BigInteger value) {
        return value.bitLength() < 63 ? value.longValue() : Long.MAX_VALUE;
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

    /** Multisets of sequences (CPU k's from CPU k-1's on), or every tuple if CPUs are not interchangeable. */
    private static void multisets(List<List<Op>> sequences, int cpus, int from, boolean interchangeable,
                                  List<List<Op>> chosen, String layout, List<Scenario> out) {
        if (chosen.size() == cpus) {
            Scenario scenario = new Scenario("bound-" + (out.size() + 1), layout,
                    "one scenario of the proof's space", List.copyOf(chosen));
            out.add(scenario);
            return;
        }
        for (int i = interchangeable ? from : 0; i < sequences.size(); i++) {
            chosen.add(sequences.get(i));
            multisets(sequences, cpus, i, interchangeable, chosen, layout, out);
            chosen.remove(chosen.size() - 1);
        }
    }
}
