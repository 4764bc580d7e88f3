package shootdown.machine;

import java.util.List;

/**
 * A broken invariant, recorded at the step where it arose.
 *
 * @param kind     which hazard (H1..H5, or a final-state violation)
 * @param step     machine step number at which it arose
 * @param cpu      the CPU whose state is broken (e.g. the one holding the stale entry)
 * @param actorCpu the CPU whose step made it arise (may equal {@code cpu})
 * @param message  one sentence a kernel developer can read
 * @param evidence the entries involved, e.g. the two conflicting TLB entries
 */
public record Hazard(Kind kind, int step, int cpu, int actorCpu, String message, List<String> evidence) {

    /** No CPU can move at {@code step} while the CPUs {@code stuck} still have work. */
    public static Hazard deadlock(int step, List<Integer> stuck) {
        StringBuilder names = new StringBuilder();
        for (int cpu : stuck) names.append(names.isEmpty() ? "" : ", ").append("CPU").append(cpu);
        return new Hazard(Kind.DEADLOCK, step, -1, -1, "no CPU can move and " + names + " did not finish", List.of());
    }

    public enum Kind {
        H1_MIXED_SIZE_CONFLICT("H1 mixed-size TLB conflict"),
        H2_STALE_AFTER_COMPLETION("H2 stale translation after completion"),
        H3_RMP_FAULT("H3 RMP #PF on host write"),
        H4_DIRTY_CACHE_ON_RECLAIM("H4 dirty cache lines left on reclaim"),
        H5_LEAK("H5 leaked object"),
        H6_NOT_PRESENT_ACCESS("H6 kernel access to a not-present direct-map page"),
        H7_FREED_TABLE_REACHABLE("H7 page table freed while still reachable"),
        LOST_UPDATE("lost update"),
        INVARIANT("invariant"),
        DEADLOCK("deadlock"),
        LIVELOCK("livelock");

        public final String title;

        Kind(String title) { this.title = title; }

        /**
         * Whether a question may leave this kind out ({@code prove --hazards}): every hazard the
         * hardware or the final state defines may; a broken model invariant or a deadlock stops
         * the run whatever was asked, since nothing after it means anything.
         */
        public boolean optional() {
            return this != INVARIANT && this != DEADLOCK;
        }
    }

    @Override
    public String toString() {
        String where = step >= 0 ? " at step " + step : " at quiescence";
        return kind.title + where + " on CPU" + cpu + ": " + message
                + (evidence.isEmpty() ? "" : " " + evidence);
    }
}
