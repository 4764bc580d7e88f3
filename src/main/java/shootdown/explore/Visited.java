package shootdown.explore;

import java.util.HashMap;
import java.util.Map;

/**
 * The states already explored. Without a depth bound a state is explored once. With one, a
 * state reached again by a shorter path is explored again: what lies beyond it may now fit.
 */
final class Visited {
    private final Map<StateHash, Integer> depths = new HashMap<>();
    private final int maxDepth;

    Visited(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    static Visited unbounded() {
        return new Visited(Integer.MAX_VALUE);
    }

    /** True if the state at this depth must be explored (first visit, or a shorter path to it). */
    boolean firstVisit(StateHash state, int depth) {
        if (depth > maxDepth) return false;
        Integer seen = depths.get(state);
        if (seen != null && seen <= depth) return false;
        depths.put(state, depth);
        return true;
    }

    int size() {
        return depths.size();
    }

    boolean bounded() {
        return maxDepth != Integer.MAX_VALUE;
    }
}
