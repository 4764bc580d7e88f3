package shootdown.machine;

import java.util.BitSet;

/**
 * A set of CPUs as a step returns it to model code: a cpumask word it read, the CPUs holding a
 * dirty line. A step whose value names CPUs returns one of these rather than a bare number, so
 * that a search that renumbers CPUs (CPU symmetry) renames the CPUs in what the code keeps, as
 * it renames them in the machine. At most 64 CPUs (one bit each), as the machine has.
 */
public record CpuSet(long bits) {
    public static final CpuSet EMPTY = new CpuSet(0);

    public static CpuSet of(BitSet cpus) {
        long[] words = cpus.toLongArray();
        if (words.length > 1) throw new IllegalArgumentException("more than 64 CPUs: " + cpus);
        return new CpuSet(words.length == 0 ? 0 : words[0]);
    }

    public static CpuSet single(int cpu) {
        return new CpuSet(1L << cpu);
    }

    public boolean isEmpty() {
        return bits == 0;
    }

    /** The lowest CPU in the set, or -1. */
    public int first() {
        return bits == 0 ? -1 : Long.numberOfTrailingZeros(bits);
    }

    public BitSet toBitSet() {
        return BitSet.valueOf(new long[] {bits});
    }

    /** The set with CPU c counted as CPU {@code rank[c]}. */
    public long renamed(int[] rank) {
        return renamed(bits, rank);
    }

    /** A mask of CPUs (bit c for CPU c) with CPU c counted as CPU {@code rank[c]}. */
    public static long renamed(long bits, int[] rank) {
        long out = 0;
        for (long rest = bits; rest != 0; rest &= rest - 1) out |= 1L << rank[Long.numberOfTrailingZeros(rest)];
        return out;
    }

    /** One CPU, or a "no CPU" value below zero (kept as it is), with CPU c counted as {@code rank[c]}. */
    public static int renamed(int cpu, int[] rank) {
        return cpu < 0 ? cpu : rank[cpu];
    }

    @Override
    public String toString() {
        return toBitSet().toString();
    }
}
