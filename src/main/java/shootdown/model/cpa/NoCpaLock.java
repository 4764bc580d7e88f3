package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.LockRule;

/**
 * "[PATCH] x86/mm/cpa: get rid of the cpa lock" (LPC 2022, not merged): mainline with every
 * {@code cpa_lock} site deleted, on the argument that the split's flush under {@code pgd_lock}
 * covers the race. Gleixner's answer (87y1qbjvrh.ffs@tglx): path (a) never takes pgd_lock.
 */
public class NoCpaLock extends SetMemory {
    @Override
    protected void lock_cpa() {
    }

    @Override
    protected void unlock_cpa() {
    }

    /** Nothing serializes the stores any more. */
    @Override
    protected List<LockRule> lockRules() {
        return List.of();
    }
}
