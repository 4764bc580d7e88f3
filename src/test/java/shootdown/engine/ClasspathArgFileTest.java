package shootdown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shootdown.campaign.Catalogue;

/**
 * A child JVM's command line stays short, whatever its class path, so that whoever looks for a
 * worker by its command line (ProcessHandle reads one page of it) finds its main class.
 */
class ClasspathArgFileTest {
    /** Prints the class path it was started with. */
    public static final class PrintClasspath {
        public static void main(String[] args) {
            System.out.print(System.getProperty("java.class.path"));
        }
    }

    @Test
    void theLauncherReadsTheClasspathBackAsWritten(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("java.class.path") + File.pathSeparator + dir.resolve("a dir \"quoted\" \\ here");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ClasspathArgFile.write(dir, classpath), PrintClasspath.class.getName()).redirectErrorStream(true).start();
        String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS));
        assertEquals(classpath, printed);
    }

    @Test
    void aLincheckWorkersCommandLineFitsInAPage(@TempDir Path scratch) throws Exception {
        List<String> command = new LincheckWorkers(50, 5, 1, null).command(List.of(Catalogue.find("CPA-4").orElseThrow()),
                scratch);
        int length = command.stream().mapToInt(a -> a.length() + 1).sum();
        assertTrue(length < 1024, length + " bytes: " + command);
        assertTrue(command.contains(LincheckWorker.class.getName()), command.toString());
    }
}
