package shootdown.machine;

/**
 * Entries {@code from} to {@code from + count - 1} of one table, each continuing the one before:
 * all empty, or leaves of one size with the same flags and frames one leaf apart. A test that
 * compares each entry's flags and frame with a fixed reference, as a collapse does, passes for
 * every entry of the run exactly when it passes for the first.
 */
public record PteRun(int from, int count, Pte first) {
    /** The entry at {@code index} (inside the run). */
    public Pte at(int index) {
        if (index < from || index >= from + count) throw new IndexOutOfBoundsException(index + " not in " + this);
        if (!first.isLeaf() || index == from) return first;
        return Pte.leaf(first.size(), first.frame() + (index - from) * first.size().pages, first.prot())
                .withKernel4k(first.kernel4k());
    }

    @Override
    public String toString() {
        return "[" + from + (count > 1 ? ".." + (from + count - 1) : "") + "] " + first;
    }
}
