package shootdown.machine;

import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The machine's step counter and, when an engine asks (replays of counterexamples), the steps as
 * a reviewer reads them. Most machines (snapshots) never trace, so the text of a step is made
 * only when tracing.
 */
final class TraceLog {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final String MODEL_PACKAGE = "shootdown.model.";
    /** Whether a method (class name, then method name) is a {@link KernelSource.Helper}. */
    private static final Map<String, Boolean> HELPERS = new ConcurrentHashMap<>();

    private List<TraceEvent> events;
    private int steps;

    TraceLog copy() {
        TraceLog out = new TraceLog(); // a snapshot keeps the count, not the trace
        out.steps = steps;
        return out;
    }

    void enable() {
        if (events == null) events = new ArrayList<>(0);
    }

    int steps() {
        return steps;
    }

    List<TraceEvent> events() {
        return events == null ? List.of() : List.copyOf(events);
    }

    /**
     * Counts the step and, when tracing, records it under {@code function}, or under the kernel
     * function on the calling thread's stack when null (an IPI runs on whichever thread delivers
     * it, so it names its own). With {@code page >= 0}, notes what every TLB holds for it.
     */
    void record(int cpu, String function, Supplier<String> action, long page, LockTable locks, Tlbs tlbs, int cpus) {
        steps++;
        if (events == null) return;
        boolean recording = tlbs.accesses.pause(); // what the trace shows a reader is not part of the step
        List<String> notes = new ArrayList<>();
        if (page >= 0) {
            for (int c = 0; c < cpus; c++) notes.add("CPU" + c + " TLB[" + Hex.of(page) + "]: " + tlbs.covering(c, page));
        }
        String where = function != null ? function : currentKernelFunction();
        events.add(new TraceEvent(steps, cpu, where, action.get(), locks.heldBy(cpu), notes));
        tlbs.accesses.resume(recording);
    }

    /** The innermost kernel function on the calling thread's stack (a user's variant counts). */
    private static String currentKernelFunction() {
        Optional<String> name = WALKER.walk(frames -> frames
                .filter(f -> KernelSource.class.isAssignableFrom(f.getDeclaringClass())
                        || f.getClassName().startsWith(MODEL_PACKAGE))
                .filter(f -> !f.getMethodName().startsWith("lambda$") && !helper(f))
                .map(StackWalker.StackFrame::getMethodName)
                .findFirst());
        return name.orElse("");
    }

    private static boolean helper(StackWalker.StackFrame frame) {
        // An override of a helper is a helper too.
        return HELPERS.computeIfAbsent(frame.getClassName() + "#" + frame.getMethodName(), key -> {
            for (Class<?> c = frame.getDeclaringClass(); c != null; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(frame.getMethodName()) && m.isAnnotationPresent(KernelSource.Helper.class)) {
                        return true;
                    }
                }
            }
            return false;
        });
    }
}
