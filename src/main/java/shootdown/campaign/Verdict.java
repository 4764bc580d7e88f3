package shootdown.campaign;

/** What one engine concluded about one row. */
public enum Verdict {
    /** A counterexample was found: the variant breaks an invariant. */
    REFUTED,
    /** No violation, and the engine explored its whole space (or, for stress, saw no hazard). */
    PASSED,
    /** No violation found, but the budget ran out before the space was exhausted. */
    INCONCLUSIVE,
    /** The check could not run. */
    ERROR,
    /** The engine cannot run the row on this machine (the check's bound says why); nothing was checked. */
    SKIPPED
}
