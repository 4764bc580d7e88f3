package shootdown.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import shootdown.engine.CheckResult;

/**
 * Compares a campaign's verdicts with a reference ledger: any (id, engine) present in both
 * whose verdict changed is drift. A check the reference does not have is new, not drift.
 */
public final class VerdictDrift {
    public record Change(String id, String engine, Verdict before, Verdict now) {
        @Override
        public String toString() {
            return id + " (" + engine + "): " + before + " -> " + now;
        }
    }

    private VerdictDrift() {
    }

    public static List<Change> between(List<CheckResult> reference, List<CheckResult> fresh) {
        Map<String, CheckResult> before = reference.stream()
                .collect(Collectors.toMap(VerdictDrift::key, Function.identity(), (a, b) -> b));
        List<Change> changes = new ArrayList<>();
        for (CheckResult now : fresh) {
            CheckResult then = before.get(key(now));
            if (then != null && then.verdict() != now.verdict()) {
                changes.add(new Change(now.id(), now.engine(), then.verdict(), now.verdict()));
            }
        }
        return changes;
    }

    private static String key(CheckResult r) {
        return r.id() + "/" + r.engine();
    }
}
