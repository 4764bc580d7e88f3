package shootdown.machine;

/**
 * Model or variant code broke a rule every engine relies on (deterministic given its steps'
 * results, nothing shared outside the machine, never catching Error): the check cannot go on.
 * The message names the step, the rule and where in the code.
 */
public final class RuleBroken extends IllegalStateException {
    public RuleBroken(String message) {
        super(message);
    }

    /** The innermost line of kernel code on the calling thread's stack, as {@code File.java:42}. */
    public static String where() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> KernelSource.class.isAssignableFrom(f.getDeclaringClass()))
                .filter(f -> !f.getMethodName().startsWith("lambda$"))
                .map(f -> f.getFileName() + ":" + f.getLineNumber() + " (" + f.getMethodName() + ")")
                .findFirst().orElse("(no kernel code on the stack)"));
    }
}
