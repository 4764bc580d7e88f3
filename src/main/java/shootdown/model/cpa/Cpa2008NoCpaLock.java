package shootdown.model.cpa;

import java.util.List;
import shootdown.machine.LockRule;

/** The 2008 order of {@link Cpa2008} with every {@code cpa_lock} site deleted, as {@link NoCpaLock} does. */
public class Cpa2008NoCpaLock extends Cpa2008 {
    @Override
    protected void lock_cpa() {
    }

    @Override
    protected void unlock_cpa() {
    }

    @Override
    protected List<LockRule> lockRules() {
        return List.of();
    }
}
