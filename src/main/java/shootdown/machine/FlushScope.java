package shootdown.machine;

/** Which TLBs a completed change promised to have flushed (what H2 is checked against). */
public enum FlushScope {
    /** {@code *_noflush()}: the caller flushes later, nothing is promised yet. */
    NONE,
    /** debug_pagealloc: only the calling CPU flushed ({@code __flush_tlb_all()}). */
    LOCAL,
    /** {@code cpa_flush()}: every CPU flushed through IPIs. */
    ALL
}
