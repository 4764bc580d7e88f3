package shootdown.engine;

import org.jetbrains.lincheck.jvm.agent.LincheckInstrumentation;

/** Prints how Lincheck's instrumentation was attached to this JVM (STATIC under {@link LincheckAgent}). */
public final class AttachProbe {
    public static void main(String[] args) {
        System.out.println(LincheckInstrumentation.INSTANCE.getJavaAgentAttachType());
    }
}
