package shootdown.prove;

import java.util.List;
import java.util.Set;
import shootdown.explore.BoundSearch;
import shootdown.explore.Budget;
import shootdown.explore.Progress;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.model.Op;
import shootdown.model.Variant;

/** Who runs a proof bound's one search: this machine ({@link #LOCAL}), or a cluster (shootdown.cluster). */
@FunctionalInterface
public interface BoundSearcher {
    BoundSearcher LOCAL = BoundSearch::run;

    BoundSearch.Result search(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                              Set<Hazard.Kind> counted, FlushMethod flush, Budget budget, boolean reduce, Progress progress,
                              long everyMillis);
}
