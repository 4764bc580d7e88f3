package shootdown.report;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the machine's own step texts (the wording of MachineCore and the models): who sends and
 * takes IPIs and which steps flush. If the wording changes, the reports only lose detail.
 */
final class ActionText {
    static final Pattern IPI_SENT = Pattern.compile("IPI sent to CPUs \\{([\\d, ]*)}");
    static final Pattern IPI_TAKEN = Pattern.compile("^takes IPI from CPU(\\d+)(?:: (.*))?$");
    private static final Pattern SENT_WORK = Pattern.compile("^on_each_cpu(?:_mask)?\\((?:\\{[^}]*}, )?(.*?)\\): ");
    private static final Pattern WAIT_DONE = Pattern.compile("^on_each_cpu(?:_mask)?\\(\\) returns");
    // TLB flushes, KVM's remote flush and the SEV cache flushes; "sev_wbnoinvd_mark_running" is not one.
    private static final Pattern FLUSH = Pattern.compile(
            "flush_tlb|kvm_flush_remote_tlbs|remote TLBs flushed|INVLPG|(?<![\\w])wb(no)?invd(?![\\w])");

    private ActionText() {
    }

    /** The CPUs an {@code on_each_cpu()} step sent its IPI to, or null when the step sent none. */
    static List<Integer> ipiTargets(String action) {
        Matcher m = IPI_SENT.matcher(action);
        if (!m.find()) return null;
        List<Integer> targets = new ArrayList<>();
        for (String t : m.group(1).split(",")) if (!t.isBlank()) targets.add(Integer.parseInt(t.trim()));
        return targets;
    }

    /** The sender of the IPI this step takes, if the step is a CPU taking one. */
    static OptionalInt ipiSender(String action) {
        Matcher m = IPI_TAKEN.matcher(action);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** What an IPI runs, e.g. "flush_tlb_all", from the step that sends or takes it; "" if unknown. */
    static String ipiWork(String action) {
        Matcher taken = IPI_TAKEN.matcher(action);
        if (taken.find()) return taken.group(2) == null ? "" : taken.group(2);
        Matcher sent = SENT_WORK.matcher(action);
        return sent.find() ? sent.group(1) : "";
    }

    static boolean isIpiTaken(String action) {
        return IPI_TAKEN.matcher(action).find();
    }

    /** The sender stops waiting: every target took the IPI. */
    static boolean isWaitDone(String action) {
        return WAIT_DONE.matcher(action).find();
    }

    /** A step that flushes on the CPU that takes it (a sender flushes itself only when it "ran locally"). */
    static boolean flushesHere(String action) {
        if (ipiTargets(action) != null) return action.contains("ran locally") && isFlush(ipiWork(action));
        return isFlush(action);
    }

    static boolean isFlush(String text) {
        return FLUSH.matcher(text).find();
    }
}
