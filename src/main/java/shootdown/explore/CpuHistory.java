package shootdown.explore;

import java.util.Arrays;
import shootdown.machine.CpuSet;
import shootdown.machine.Fingerprint;
import shootdown.machine.Fingerprinted;

/**
 * The part of a CPU's past that its code keeps, as the search's state key holds it: the
 * operations it started (where they are kept), how many steps it took since, and the values
 * of the steps whose result its code keeps, folded into 128 bits.
 *
 * Values are folded by what they are, not by {@code hashCode()}: two results whose hash codes
 * agree (small records, enums, {@code set_memory_ro(0x1)} against {@code set_memory_ro(0x0)}
 * one operation later) must not make two points of a CPU's code one state. Numbers, booleans
 * and enums go in as their value, the machine's values ({@link Fingerprinted}: PTEs, lookups)
 * field by field, anything else as its text.
 *
 * Values that name CPUs ({@link CpuSet}) are kept apart, in {@code cpuSets}, and only their
 * place is folded into the 128 bits: a search that renumbers CPUs renames them when it writes
 * the key ({@link CanonicalOrder}), as it renames the CPUs the machine names.
 */
record CpuHistory(long a, long b, long[] cpuSets) {
    private static final long[] NO_SETS = new long[0];

    /** A CPU that has not started, or has finished (its work is on the machine). */
    static final CpuHistory NONE = new CpuHistory(0, 0, NO_SETS);

    /** At an operation boundary, having finished {@code count} operations it keeps nothing of. */
    static CpuHistory finished(int count) {
        return NONE.with(TAG_COUNT, count);
    }

    /** Once it starts operation {@code index}, {@code op}; with {@code forget}, only that operation is kept. */
    CpuHistory started(int index, Object op, boolean forget) {
        return (forget ? finished(index) : this).with(TAG_OP, op);
    }

    /** After a step that returned {@code result} (null: a step whose result the code does not keep). */
    CpuHistory after(Object result) {
        return with(TAG_STEP, result);
    }

    /** Orders by the folded part only, which names no CPU (so the order ignores the CPUs' numbers). */
    int compareTo(CpuHistory other) {
        int byA = Long.compare(a, other.a);
        return byA != 0 ? byA : Long.compare(b, other.b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuHistory h && a == h.a && b == h.b && Arrays.equals(cpuSets, h.cpuSets);
    }

    /** The history as text, its CPU sets with CPU c written as CPU {@code rank[c]} (for checks of the symmetry). */
    String text(int[] rank) {
        StringBuilder out = new StringBuilder().append(a).append('/').append(b);
        for (long set : cpuSets) out.append('/').append(Long.toHexString(shootdown.machine.CpuSet.renamed(set, rank)));
        return out.toString();
    }

    @Override
    public String toString() {
        return text(SearchSpace.identity(64));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(a) * 31 + Long.hashCode(b);
    }

    private static final long TAG_COUNT = 0x636f756e74L, TAG_OP = 0x6f70L, TAG_STEP = 0x73746570L,
            TAG_CPUS = 0x63707573L;

    private CpuHistory with(long tag, Object value) {
        Fingerprint f = new Fingerprint(a, b);
        f.add(tag);
        if (value instanceof CpuSet cpus) { // its place here, its CPUs in cpuSets
            f.add(TAG_CPUS);
            long[] sets = Arrays.copyOf(cpuSets, cpuSets.length + 1);
            sets[cpuSets.length] = cpus.bits();
            return new CpuHistory(f.a(), f.b(), sets);
        }
        add(f, value);
        return new CpuHistory(f.a(), f.b(), cpuSets);
    }

    /** Each class's name, hashed once. */
    private static final ClassValue<long[]> CLASS = new ClassValue<>() {
        @Override
        protected long[] computeValue(Class<?> type) {
            return Fingerprint.hashes(type.getName());
        }
    };

    private static void add(Fingerprint f, Object value) {
        if (value == null) {
            f.add(0x6e756c6cL);
        } else if (value instanceof Boolean flag) {
            f.add(flag ? 0x74727565L : 0x66616c7365L);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            f.add(0x696e74L);
            f.add(((Number) value).longValue());
        } else if (value instanceof Enum<?> e) {
            f.add(CLASS.get(e.getDeclaringClass()));
            f.add(e.ordinal());
        } else if (value instanceof Fingerprinted machineValue) {
            f.add(CLASS.get(value.getClass()));
            machineValue.fingerprint(f);
        } else {
            f.add(CLASS.get(value.getClass()));
            f.add(Fingerprint.hashes(String.valueOf(value)));
        }
    }
}
