package shootdown.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The steps of one execution, recorded only when an engine asks (replays of counterexamples). */
final class TraceLog {
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String MODEL_PACKAGE = "shootdown.model.";

    private final List<TraceEvent> events = new ArrayList<>(0);
    private boolean enabled;

    void enable() {
        enabled = true;
    }

    boolean enabled() {
        return enabled;
    }

    void add(TraceEvent event) {
        events.add(event);
    }

    List<TraceEvent> events() {
        return List.copyOf(events);
    }

    /** The innermost model (kernel) function on the calling thread's stack. */
    static String currentKernelFunction() {
        Optional<String> name = WALKER.walk(frames -> frames
                .filter(f -> f.getClassName().startsWith(MODEL_PACKAGE))
                .map(StackWalker.StackFrame::getMethodName)
                .filter(m -> !m.startsWith("lambda$"))
                .findFirst());
        return name.orElse("");
    }
}
