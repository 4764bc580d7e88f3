package shootdown.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jetbrains.lincheck.jvm.agent.InstrumentationMode;
import org.jetbrains.lincheck.jvm.agent.LincheckInstrumentation;

/**
 * Lincheck's instrumentation installed once, when a Lincheck worker JVM starts
 * ({@code -javaagent}), instead of around every check. Attached dynamically, as Lincheck does
 * by itself, each {@code check()} transforms the model's classes and restores them at its end:
 * measured, 0.45 s of every check (a safe row's 20 interleavings took 1.5 s warm, 0.35 s with
 * this agent). Attached statically, Lincheck leaves its transformation in place between checks.
 */
public final class LincheckAgent {
    private LincheckAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        LincheckLog.ensureRedirected(); // before Lincheck's logger loads, which reads where to write once
        LincheckInstrumentation.INSTANCE.attachJavaAgentStatically(instrumentation);
        LincheckInstrumentation.INSTANCE.install(InstrumentationMode.MODEL_CHECKING);
    }

    /**
     * Writes the agent's jar into {@code dir}: only a manifest naming this class, which the JVM
     * loads from the class path.
     */
    static Path writeJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", LincheckAgent.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        main.putValue("Can-Redefine-Classes", "true");
        Path jar = dir.resolve("lincheck-agent.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
