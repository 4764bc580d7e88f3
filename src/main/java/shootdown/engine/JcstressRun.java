package shootdown.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One jcstress process and the JVMs it forks, which must not outlive the check: they are
 * stopped when the budget runs out, when the check is interrupted, and when the campaign's JVM
 * is asked to exit (Ctrl-C, a kill). If the campaign's JVM dies without a word (kill -9), the
 * jcstress JVM sees its parent go and stops itself ({@link JcstressChild}).
 */
final class JcstressRun {
    private final Process process;
    private final Path output;
    private final Thread stopAtExit;

    private JcstressRun(Process process, Path output) {
        this.process = process;
        this.output = output;
        this.stopAtExit = new Thread(() -> stop(process), "stop jcstress");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts jcstress in {@code dir} (it writes its result blob into its working directory). */
    static JcstressRun start(List<String> command, Path dir) throws IOException {
        Path output = dir.resolve("jcstress-output.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new JcstressRun(process, output);
    }

    /** Waits until jcstress ends: false (and stopped) if it is still running after {@code millis}. */
    boolean waitFor(long millis) throws InterruptedException {
        try {
            if (process.waitFor(millis, TimeUnit.MILLISECONDS)) return true;
            stop(process);
            process.waitFor(10, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        } finally {
            if (process.isAlive()) stop(process);
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException e) {
                // The JVM is exiting: the hook runs, or has run.
            }
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** jcstress forks a JVM per configuration: those first, then jcstress itself. */
    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * The classpath with jcstress's own jar first: jcstress prints its build from the first
     * META-INF/MANIFEST.MF on the classpath ("Rev: null, built by null" when another jar's comes
     * first).
     */
    static String classpath(String classpath) {
        List<String> entries = new ArrayList<>(List.of(classpath.split(File.pathSeparator)));
        List<String> first = entries.stream().filter(e -> new File(e).getName().startsWith("jcstress-core")).toList();
        entries.removeAll(first);
        first = new ArrayList<>(first);
        first.addAll(entries);
        return String.join(File.pathSeparator, first);
    }
}
