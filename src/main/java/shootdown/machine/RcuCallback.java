package shootdown.machine;

/**
 * The function {@code call_rcu()} queues, e.g. {@code tdp_mmu_free_sp_rcu_callback()}: it runs
 * after a grace period, in softirq context, as a step of its own. Immutable: a queued callback
 * is shared by every snapshot of the machine.
 */
public interface RcuCallback {
    /** Runs the callback on the machine (frees what it was queued for). Part of a step. */
    void invoke(MachineCore core);

    /** The call as a trace shows it, e.g. {@code tdp_mmu_free_sp_rcu_callback(sp#2)}. */
    String describe();

    /** What running it touches; undescribed callbacks conflict with everything. */
    default Footprint footprint() {
        return Footprint.EVERYTHING;
    }
}
