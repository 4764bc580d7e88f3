package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prove} stopped by SIGTERM (what Ctrl-C and {@code kill} send) answers as when its budget
 * runs out: the coverage it reached, INCONCLUSIVE, exit 3; not a silent exit 143.
 */
@Tag("system")
class StoppedProofAnswersTest {
    @TempDir
    Path tmp;

    @Test
    void aProofStoppedBySigtermSaysWhatItCovered() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        // CPA at 3x2 with the model's alphabet takes minutes here.
        Process prove = new ProcessBuilder(Cli.javaCommand("prove", "cpa", "--variant", "CPA-4", "--cpus", "3", "--ops",
                "2", "--out", tmp.resolve("report").toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Thread.sleep(4_000);
        assertTrue(prove.isAlive(), "the proof ended before it was stopped: " + Files.readString(out));
        prove.destroy();
        assertTrue(prove.waitFor(60, TimeUnit.SECONDS), "the stopped proof did not end");
        String text = Files.readString(out);
        assertEquals(3, prove.exitValue(), text + Files.readString(err));
        assertTrue(text.contains("stopped by a signal"), text);
        assertTrue(text.lines().reduce((a, b) -> b).orElse("").startsWith("INCONCLUSIVE: cpa mainline, 3 CPUs x 2"),
                text);
        assertFalse((text + Files.readString(err)).contains("Exception"), text);
    }
}
