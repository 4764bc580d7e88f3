package shootdown.explore;

import java.util.List;
import shootdown.machine.FlushMethod;
import shootdown.model.Op;
import shootdown.model.Variant;

/**
 * The CPA operations that race over one large-page split (two attribute changes of pages of one
 * 2M leaf, a split on purpose, an access), on two 2M leaves: the space in which the tests of the
 * search itself (search order, one search against scenarios, symmetry) compare answers. It is
 * the proof alphabet without the collapse and ptdump, whose states make those comparisons take
 * minutes; the full alphabet is checked by the pinned counts and the reference search.
 */
public final class SplitAlphabet {
    public static final List<Op> OPS = List.of(new Op("set_memory_ro", 0x0), new Op("set_memory_ro", 0x1),
            new Op("set_memory_4k", 0x0), new Op("touch", 0x1));
    public static final String LAYOUT = "2m";

    private SplitAlphabet() {
    }

    /** Every assignment of these operations to {@code cpus} CPUs, {@code ops} each, flushing by IPI. */
    static Programs bound(Variant variant, int cpus, int ops) {
        return Programs.anyOf(variant, OPS, LAYOUT, cpus, ops, null, FlushMethod.IPI);
    }
}
