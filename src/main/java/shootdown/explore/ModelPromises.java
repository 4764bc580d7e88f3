package shootdown.explore;

import java.util.List;
import shootdown.machine.Footprint;
import shootdown.machine.LockRule;
import shootdown.machine.MachineCore;

/** What a model promises the reduction about each step, checked rather than trusted. */
final class ModelPromises {
    private ModelPromises() {
    }

    /**
     * Why CPU {@code cpu}'s step breaks a promise: it touches more than its operation declared,
     * or writes what a locking rule protects without holding the lock on {@code before}; null if
     * it keeps them.
     */
    static String broken(int cpu, Footprint step, Footprint declared, List<LockRule> rules, MachineCore before) {
        if (!declared.covers(step)) {
            return "CPU" + cpu + " took a step that " + step + ", outside what its operation declares: " + declared;
        }
        for (LockRule rule : rules) {
            if (rule.covers(step) && !before.inspect().holds(cpu, rule.lock())) {
                return "CPU" + cpu + " took a step that " + step + " without holding " + rule.lock().name()
                        + ", breaking the model's rule: " + rule;
            }
        }
        return null;
    }

    /** For each locking rule, what it protects and the CPU holding its lock on {@code core} (or -1). */
    static List<PersistentSet.Held> holders(List<LockRule> rules, MachineCore core) {
        if (rules.isEmpty()) return List.of();
        PersistentSet.Held[] out = new PersistentSet.Held[rules.size()];
        for (int i = 0; i < out.length; i++) {
            LockRule rule = rules.get(i);
            out[i] = new PersistentSet.Held(rule.objects().writes(), core.inspect().holder(rule.lock()));
        }
        return java.util.Arrays.asList(out);
    }
}
