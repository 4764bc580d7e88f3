package shootdown.model.wb;

import java.util.BitSet;
import shootdown.machine.CpuSet;

/**
 * A {@code struct cpumask} as it sits in kernel memory: words of {@code BITS_PER_LONG} bits.
 * Each method is what one instruction does to it (a load, a store, a locked RMW of one word);
 * callers use them only inside a machine step, one per step, so a non-atomic
 * {@code __cpumask_set_cpu()} is two steps and can lose a concurrent update of its word.
 */
final class Cpumask {
    static final int BITS_PER_LONG = 64;

    private final long[] words;

    Cpumask(int nbits) {
        this.words = new long[(nbits + BITS_PER_LONG - 1) / BITS_PER_LONG];
    }

    Cpumask copy() {
        Cpumask out = new Cpumask(0, words.clone());
        return out;
    }

    private Cpumask(int unused, long[] words) {
        this.words = words;
    }

    static int word(int cpu) {
        return cpu / BITS_PER_LONG;
    }

    static long bit(int cpu) {
        return 1L << (cpu % BITS_PER_LONG);
    }

    int nrWords() {
        return words.length;
    }

    /** A plain load of one word. */
    long load(int word) {
        return words[word];
    }

    /**
     * A plain load of one word, as the CPUs it names: a search that renumbers CPUs renames them
     * in what the loading code keeps. Words past the first name CPUs 64 and up, which no machine has.
     */
    CpuSet loadCpus(int word) {
        if (word != 0 && words[word] != 0) throw new IllegalStateException("CPU 64 or above in a cpumask");
        return new CpuSet(word == 0 ? words[0] : 0);
    }

    /** The mask with CPU c counted as CPU {@code rank[c]}, for a renumbered state key. */
    long renamed(int[] rank) {
        if (words.length > 1) for (int w = 1; w < words.length; w++) if (words[w] != 0) throw new IllegalStateException("CPU 64 or above in a cpumask");
        return words.length == 0 ? 0 : CpuSet.renamed(words[0], rank);
    }

    /** A plain store of one word. */
    void store(int word, long value) {
        words[word] = value;
    }

    /** {@code bt}: a plain load, tested. */
    boolean test(int cpu) {
        return (words[word(cpu)] & bit(cpu)) != 0;
    }

    /** {@code lock bts}. */
    void set(int cpu) {
        words[word(cpu)] |= bit(cpu);
    }

    /** {@code lock btr}, returning the old bit. */
    boolean testAndClear(int cpu) {
        boolean was = test(cpu);
        words[word(cpu)] &= ~bit(cpu);
        return was;
    }

    /** {@code find_next_bit()}: the first set bit at or after {@code from}, or -1. */
    int findNext(int from) {
        for (int cpu = from; cpu < words.length * BITS_PER_LONG; cpu++) if (test(cpu)) return cpu;
        return -1;
    }

    BitSet toBitSet() {
        return BitSet.valueOf(words);
    }

    void encode(StringBuilder out) {
        for (long w : words) out.append(Long.toHexString(w)).append(',');
    }

    @Override
    public String toString() {
        return toBitSet().toString();
    }
}
