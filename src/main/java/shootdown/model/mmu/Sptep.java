package shootdown.model.mmu;

/** A pointer to one SPTE ({@code u64 *sptep}): entry {@code index} of shadow page {@code sp}. */
public record Sptep(int sp, int index) implements Comparable<Sptep> {
    @Override
    public int compareTo(Sptep o) {
        return sp != o.sp ? Integer.compare(sp, o.sp) : Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
        return "sp#" + sp + "[" + index + "]";
    }

    /** An SPTE and the value a walker read from it ({@code iter.sptep}, {@code iter.old_spte}). */
    public record Read(Sptep sptep, Spte old_spte) {
    }
}
