/*
 * 01. Removing a lock: the LPC 2022 patch that deleted cpa_lock.
 *
 * The patch argued that since 2018 the split's flush runs under pgd_lock, so cpa_lock is not
 * needed. A variant deletes the lock by overriding the two places that take it: everything else
 * of set_memory.c stays mainline. It breaks the model's locking rule (every direct-map store
 * under cpa_lock), so the explorer says so and explores every interleaving instead.
 *
 * Run:    ./shootdown prove cpa --variant-file examples/01-no-cpa-lock/NoCpaLockPatch.java
 * Answer: REFUTED, H1
 * Run:    ./shootdown prove cpa --compare CPA-4 --variant-file examples/01-no-cpa-lock/NoCpaLockPatch.java
 * Answer: REJECTED, H1
 */
import shootdown.model.cpa.SetMemory;

/** set_memory.c without cpa_lock ("x86/mm/cpa: get rid of the cpa lock", not merged). */
public class NoCpaLockPatch extends SetMemory {
    @Override
    protected void lock_cpa() {
        // spin_lock(&cpa_lock) deleted
    }

    @Override
    protected void unlock_cpa() {
        // spin_unlock(&cpa_lock) deleted
    }
}
