package shootdown.explore;

import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import java.util.List;
import java.util.Set;
import shootdown.model.Op;
import shootdown.model.Variant;

/**
 * Every scenario of a proof bound in one search: each CPU picks its next operation from the
 * model's proof alphabet at every operation boundary, as a move of the search. States the
 * scenarios share (all of them, until the CPUs' later operations start) are explored once, and
 * where the variant's CPUs are interchangeable ({@link shootdown.model.Model#cpusInterchangeable(Variant,
 * String)}), states that differ only by which CPU is which are one state; elsewhere every CPU is
 * itself, and the search covers every assignment of operations to numbered CPUs. A finished operation leaves only its mark on the machine when the model's operations
 * keep nothing between them.
 */
public final class BoundSearch {
    /**
     * How the search ended: {@code violation} if some scenario breaks an invariant (which one is
     * left to a scenario-by-scenario check, which finds the first and its shortest trace).
     */
    public record Result(Hazard violation, long transitions, long states, boolean exhausted, String stopReason,
                         long millis, String note, long tableBytes) {
    }

    private BoundSearch() {
    }

    public static Result run(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu, Budget budget,
                             boolean reduce) {
        return run(variant, alphabet, layout, cpus, opsPerCpu, null, FlushMethod.IPI, budget, reduce);
    }

    /** The same, counting only the hazards {@code counted} (null: all), on a machine flushing by {@code flush}. */
    public static Result run(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                             Set<Hazard.Kind> counted, FlushMethod flush, Budget budget, boolean reduce) {
        return run(variant, alphabet, layout, cpus, opsPerCpu, counted, flush, budget, reduce, Progress.NONE, 0);
    }

    /** The same, on {@code budget.threads()} threads, reporting to {@code progress} every {@code everyMillis}. */
    public static Result run(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                             Set<Hazard.Kind> counted, FlushMethod flush, Budget budget, boolean reduce,
                             Progress progress, long everyMillis) {
        return run(variant, alphabet, layout, cpus, opsPerCpu, counted, flush, budget, reduce, false, progress,
                everyMillis);
    }

    /**
     * The same, with {@code checkFootprints}: every move's real reads and writes on the machine
     * are recorded and checked against its declared footprint; a move that touches more stops
     * the search with {@link FootprintExceeded}, naming the move and the parts.
     */
    public static Result run(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                             Set<Hazard.Kind> counted, FlushMethod flush, Budget budget, boolean reduce,
                             boolean checkFootprints, Progress progress, long everyMillis) {
        long start = System.nanoTime();
        Programs programs = Programs.anyOf(variant, alphabet, layout, cpus, opsPerCpu, counted, flush);
        SnapshotSearch.Result r = new SnapshotSearch(programs, reduce, variant.model().cpusInterchangeable(variant, layout),
                checkFootprints, Planted.NONE).run(budget, false, progress, everyMillis);
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean exhausted = r.violation() == null && r.stopReason() == null;
        return new Result(r.hazard(), r.transitions(), r.states(), exhausted,
                exhausted ? "exhausted" : r.stopReason(), millis, r.note(), r.tableBytes());
    }
}
