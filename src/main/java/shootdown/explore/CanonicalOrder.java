package shootdown.explore;

import java.util.Arrays;
import shootdown.machine.CpuSet;
import shootdown.machine.Fingerprint;
import shootdown.machine.Inspection;

/**
 * A state's key, and with interchangeable CPUs the numbering of its CPUs the key is written in.
 *
 * The numbering is canonical: two states that differ only by which CPU is which get the same
 * key. CPUs are first sorted by what tells them apart on their own (their code's position and
 * history, then what the machine holds for each: interrupt flag, TLB, devices); among CPUs that
 * this does not tell apart, every order is tried and the one with the smallest key wins. So the
 * key is a function of the state's orbit under renumbering, whichever member a search reached
 * first, and a search on several threads visits the same states as one on one thread. What a
 * CPU's code keeps of the CPUs it learnt of (a cpumask it read: {@link shootdown.machine.CpuSet}
 * results) is renamed with the rest.
 */
final class CanonicalOrder {
    private CanonicalOrder() {
    }

    /** Writes the key into {@code key} and returns the order of the CPUs it was written in. */
    static int[] of(SearchSpace.State state, boolean symmetric, Fingerprint key) {
        int cpus = state.cpus().length;
        Inspection machine = state.core().inspect();
        Fingerprint shared = new Fingerprint();
        machine.sharedFingerprint(shared);
        int[] order = SearchSpace.identity(cpus);
        if (!symmetric) {
            write(state, shared, order, key);
            return order;
        }
        sort(state, order);
        int[] best = null;
        long bestA = 0, bestB = 0;
        int[] candidate = order.clone();
        int tried = 0;
        do {
            write(state, shared, candidate, key);
            tried++;
            if (best == null || Long.compareUnsigned(key.a(), bestA) < 0
                    || key.a() == bestA && Long.compareUnsigned(key.b(), bestB) < 0) {
                best = candidate.clone();
                bestA = key.a();
                bestB = key.b();
            }
        } while (nextWithinTies(state, candidate));
        if (tried > 1) write(state, shared, best, key); // the key holds the last order tried
        return best;
    }

    static void write(SearchSpace.State state, Fingerprint shared, int[] order, Fingerprint key) {
        key.reset();
        key.add(shared.a());
        key.add(shared.b());
        state.core().inspect().renumberedFingerprint(order, key);
        int[] rank = null;
        for (int cpu : order) {
            CpuHistory history = state.cpus()[cpu].history();
            key.add(state.cpus()[cpu].position());
            key.add(history.a());
            key.add(history.b());
            if (history.cpuSets().length == 0) continue;
            if (rank == null) rank = SearchSpace.rank(order);
            for (long cpus : history.cpuSets()) key.add(CpuSet.renamed(cpus, rank)); // the CPUs its code knows of
        }
    }

    /** Insertion sort (a handful of CPUs) by what tells CPUs apart on their own. */
    private static void sort(SearchSpace.State state, int[] order) {
        for (int i = 1; i < order.length; i++) {
            for (int j = i; j > 0 && compare(state, order[j - 1], order[j]) > 0; j--) {
                int swap = order[j];
                order[j] = order[j - 1];
                order[j - 1] = swap;
            }
        }
    }

    static int compare(SearchSpace.State state, int a, int b) {
        int byCode = state.cpus()[a].compareTo(state.cpus()[b]);
        return byCode != 0 ? byCode : state.core().inspect().compareCpus(a, b);
    }

    /**
     * The next order that permutes only CPUs alike on their own (the next permutation of each
     * run of ties, odometer-style); false once every such order was tried.
     */
    static boolean nextWithinTies(SearchSpace.State state, int[] order) {
        int end = order.length;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && compare(state, order[start - 1], order[start]) == 0) start--;
            if (end - start > 1 && nextPermutation(order, start, end)) return true;
            if (end - start > 1) Arrays.sort(order, start, end); // wrapped: back to the first order of this run
            end = start;
        }
        return false;
    }

    /** The next permutation in lexicographic order of {@code a[from..to)}; false (and unchanged) at the last. */
    private static boolean nextPermutation(int[] a, int from, int to) {
        int i = to - 2;
        while (i >= from && a[i] >= a[i + 1]) i--;
        if (i < from) return false;
        int j = to - 1;
        while (a[j] <= a[i]) j--;
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = to - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }
}
