package shootdown.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import shootdown.explore.StopSignal;

/**
 * A proof stopped by SIGTERM or Ctrl-C still answers: the JVM's shutdown hook asks the search to
 * stop ({@link StopSignal}), waits for the answer (INCONCLUSIVE with what was covered) to be
 * printed, and ends the process with the answer's exit code. Without it the JVM dies mid-search
 * with exit 143 and prints nothing.
 */
final class AnswerOnSignal implements AutoCloseable {
    static final String SIGNAL = "a signal (SIGTERM or Ctrl-C)";
    /** How long the hook waits for the answer: the search stops within a step, a shortening within a level. */
    private static final long WAIT_SECONDS = 20;

    private final StopSignal stop = new StopSignal();
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile int exitCode = Main.INCONCLUSIVE;
    private final Thread hook = new Thread(this::onSignal, "answer on signal");

    AnswerOnSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    StopSignal signal() {
        return stop;
    }

    /** The answer is printed: a signal from now on ends the process with {@code code}. */
    void answered(int code) {
        exitCode = code;
        answered.countDown();
    }

    private void onSignal() {
        stop.request(SIGNAL);
        try {
            if (answered.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.out.flush();
                Runtime.getRuntime().halt(exitCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it ends the process once the answer is out
        }
    }
}
