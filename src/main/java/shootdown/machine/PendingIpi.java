package shootdown.machine;

/**
 * An IPI sent and not yet taken: CPU {@code target} owes batch {@code batch} of CPU
 * {@code sender} a run of its work. An exploring engine delivers it as an event of its own.
 *
 * @param deliverable false while the target has interrupts disabled
 * @param footprint   what taking it touches
 */
public record PendingIpi(int batch, int sender, int target, boolean deliverable, Footprint footprint) {
    /** Taking the IPI: the work on the target, its pending IPIs, and its interrupt flag. */
    static Footprint footprint(int target, IpiWork work) {
        return work.footprint(target).writesIpisTo(target).readsIrq(target);
    }
}
