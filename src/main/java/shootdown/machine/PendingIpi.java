package shootdown.machine;

/**
 * An IPI sent and not yet taken: CPU {@code target} owes batch {@code batch} of CPU
 * {@code sender} a run of its work (or an INVLPGB broadcast that has not landed on it yet). An
 * exploring engine delivers it as an event of its own.
 *
 * @param deliverable false while the target has interrupts disabled
 * @param footprint   what taking it touches
 */
public record PendingIpi(int batch, int sender, int target, boolean deliverable, Footprint footprint) {
    /** Taking the IPI: the work on the target, its pending IPIs, and its interrupt flag. */
    static Footprint footprint(int target, IpiWork work) {
        return work.footprint(target).writesIpisTo(target).readsIrq(target);
    }

    /** An INVLPGB landing: the work on the target and its pending broadcasts; no interrupt flag gates it. */
    static Footprint landing(int target, IpiWork work) {
        return work.footprint(target).writesIpisTo(target);
    }
}
