package shootdown.explore;

import java.util.HashSet;
import java.util.Set;

/** The states already explored: each is explored once, by whichever path reaches it first. */
final class Visited {
    private final Set<StateHash> seen = new HashSet<>();

    /** True if the state is new, and so must be explored. */
    boolean firstVisit(StateHash state) {
        return seen.add(state);
    }

    int size() {
        return seen.size();
    }
}
