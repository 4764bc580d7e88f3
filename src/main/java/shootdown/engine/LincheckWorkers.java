package shootdown.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/**
 * Lincheck on a campaign's rows in worker JVMs ({@link LincheckWorker}), each taking the next
 * row when it is done with one. Lincheck checks one row at a time in a JVM (its agent and target
 * are global) and on one core; a campaign starts a worker per core but the one its own checks
 * use (on this project's 2-vCPU machine, two workers checked no faster than one). A worker also
 * bounds a check in time, which Lincheck alone does not: one that outlives its budget is stopped
 * (an ERROR row) and a fresh worker takes the rows left.
 */
public final class LincheckWorkers implements Engine {
    /** How long a worker JVM may take to start and read its rows (measured: under a second). */
    private static final long START_MILLIS = 60_000;
    /** Time past its budget a check may take: Lincheck's first check in a JVM attaches its agent (measured: 2-4 s). */
    private static final long GRACE_MILLIS = 30_000;

    private final int invocations;
    private final int noRaceInvocations;
    private final int workers;
    private final Path logDir;
    private final String classpath;
    /** How long past its budget a check may take before its worker counts as hung. */
    private final long graceMillis;
    private final Command command;

    /** The command line of a worker JVM for these rows (files it needs go in {@code scratch}). */
    interface Command {
        List<String> of(List<CatalogueRow> rows, Path scratch) throws IOException;
    }

    /**
     * @param workers how many rows are checked at once (one JVM each)
     * @see LincheckEngine#LincheckEngine(int, int, Path) the budgets and the log
     */
    public LincheckWorkers(int invocations, int noRaceInvocations, int workers, Path logDir) {
        this(invocations, noRaceInvocations, workers, logDir, GRACE_MILLIS, null);
    }

    /** As above, with another grace past a check's budget, and another worker command (null: {@link LincheckWorker}). */
    LincheckWorkers(int invocations, int noRaceInvocations, int workers, Path logDir, long graceMillis, Command command) {
        LincheckEngine.checkBudgets(invocations, noRaceInvocations);
        if (workers < 1) throw new IllegalArgumentException("Lincheck needs at least one worker");
        this.invocations = invocations;
        this.noRaceInvocations = noRaceInvocations;
        this.workers = workers;
        this.logDir = logDir;
        this.classpath = System.getProperty("java.class.path");
        this.graceMillis = graceMillis;
        this.command = command != null ? command : this::command;
    }

    @Override
    public String name() {
        return "lincheck";
    }

    @Override
    public boolean applies(CatalogueRow row) {
        return !row.isProof();
    }

    @Override
    public boolean checksTogether() {
        return true;
    }

    /** Its workers are JVMs of their own: they check beside the explorer's checks. */
    @Override
    public boolean runsBeside() {
        return true;
    }

    @Override
    public CheckResult check(CatalogueRow row, long budgetMillis) {
        return Engine.alone(this, row, budgetMillis);
    }

    /** Each row gets an equal share of {@code budgetMillis} as its own budget, as if checked one after another. */
    @Override
    public void checkAll(List<CatalogueRow> rows, long budgetMillis, Consumer<CheckResult> each) {
        if (rows.isEmpty()) return;
        long perRow = Math.max(1, budgetMillis / rows.size());
        Path scratch = null;
        List<Thread> threads = new ArrayList<>();
        try {
            scratch = Files.createTempDirectory("shootdown-lincheck-");
            List<String> command = this.command.of(rows, scratch);
            // The rows with the large budget first: the longest checks start early and the short
            // ones fill in around them, so that the workers finish together.
            List<CatalogueRow> order = new ArrayList<>(rows.stream().filter(LincheckEngine::racy).toList());
            order.addAll(rows.stream().filter(r -> !LincheckEngine.racy(r)).toList());
            Queue<CatalogueRow> left = new ConcurrentLinkedQueue<>(order);
            Consumer<CheckResult> reported = result -> {
                synchronized (each) {
                    each.accept(result);
                }
            };
            for (int k = 0; k < Math.min(workers, rows.size()); k++) {
                Thread t = new Thread(() -> work(command, left, perRow, reported), "lincheck worker " + k);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt); // each stops its JVM
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            for (CatalogueRow row : rows) {
                each.accept(CheckResult.error(row.id(), name(), 0, "could not start a Lincheck worker: " + e.getMessage()));
            }
        } finally {
            JcstressEngine.deleteQuietly(scratch);
        }
    }

    /** One worker's loop: a JVM, the next row, its result; a JVM that died or hung is replaced. */
    private void work(List<String> command, Queue<CatalogueRow> left, long perRow, Consumer<CheckResult> each) {
        Worker worker = null;
        try {
            for (CatalogueRow row; (row = left.poll()) != null; ) {
                if (worker == null) {
                    try {
                        worker = Worker.start(command, START_MILLIS);
                    } catch (IOException e) {
                        each.accept(CheckResult.error(row.id(), name(), 0, "could not start a Lincheck worker: "
                                + e.getMessage()));
                        throw e;
                    }
                }
                long start = System.nanoTime();
                String line = worker.check(row, perRow, perRow + graceMillis);
                long millis = (System.nanoTime() - start) / 1_000_000;
                CheckResult result;
                if (line != null) {
                    result = ResultLine.read(line);
                } else {
                    result = CheckResult.error(row.id(), name(), millis, worker.alive()
                            ? "hung past its budget of " + perRow + " ms" : "the Lincheck worker JVM ended: " + worker.end());
                    worker.stop();
                    worker = null;
                }
                each.accept(result);
            }
        } catch (IOException e) {
            for (CatalogueRow row; (row = left.poll()) != null; ) {
                each.accept(CheckResult.error(row.id(), name(), 0, "could not start a Lincheck worker: " + e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (worker != null) worker.stop();
        }
    }

    List<String> command(List<CatalogueRow> rows, Path scratch) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // As the launcher: Lincheck appends its agent to the boot class path, which disables CDS noisily.
        command.addAll(List.of("-Xshare:off", "-Xss4m", "-XX:+UseSerialGC", ClasspathArgFile.write(scratch, classpath)));
        command.add("-javaagent:" + LincheckAgent.writeJar(scratch));
        command.add(LincheckWorker.class.getName());
        command.add(String.valueOf(invocations));
        command.add(String.valueOf(noRaceInvocations));
        command.add(logDir == null ? "-" : logDir.toAbsolutePath().toString());
        Path userRows = UserRows.write(rows.stream().filter(r -> Catalogue.find(r.id()).isEmpty()).toList(), scratch);
        command.add(userRows == null ? "-" : userRows.toString());
        // A built-in row that flushes otherwise than the catalogue says was given the campaign's --flush.
        command.add(rows.stream().filter(r -> Catalogue.find(r.id()).filter(b -> b.flushMethod() != r.flushMethod())
                .isPresent()).findFirst().map(r -> r.flushMethod().label).orElse("-"));
        return command;
    }

    /** One worker JVM: requests on its input, result lines read on a thread of their own. */
    private static final class Worker {
        private static final String END = "";
        private static final String READY = LincheckWorker.READY;
        private final Process process;
        private final Writer requests;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread stopAtExit;

        private Worker(Process process) {
            this.process = process;
            this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, "lincheck worker output");
            reader.setDaemon(true);
            reader.start();
            stopAtExit = new Thread(process::destroyForcibly, "stop a Lincheck worker");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }

        /** A worker that has read its rows, ready for the first. */
        static Worker start(List<String> command, long startMillis) throws IOException, InterruptedException {
            // Its standard error is Lincheck's and the JVM's chatter: kept out of the terminal.
            Worker worker = new Worker(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            String first = worker.lines.poll(startMillis, TimeUnit.MILLISECONDS);
            if (!READY.equals(first)) {
                worker.stop();
                throw new IOException(first == null ? "its JVM did not start within " + startMillis + " ms"
                        : "its JVM ended as it started");
            }
            return worker;
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(LincheckWorker.RESULT)) lines.add(line.substring(LincheckWorker.RESULT.length()));
                    else if (line.equals(LincheckWorker.READY)) lines.add(READY);
                }
            } catch (IOException e) {
                // The worker is gone: the check waiting for it sees the end.
            }
            lines.add(END);
        }

        /** The row's result line, or null if the worker ended or outlived {@code waitMillis}. */
        String check(CatalogueRow row, long budgetMillis, long waitMillis) throws InterruptedException {
            try {
                requests.write(row.id() + " " + budgetMillis + "\n");
                requests.flush();
            } catch (IOException e) {
                return null;
            }
            String line = lines.poll(waitMillis, TimeUnit.MILLISECONDS);
            return line == null || line.equals(END) ? null : line;
        }

        boolean alive() {
            return process.isAlive();
        }

        String end() {
            try {
                return "exit " + process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "still running";
            }
        }

        void stop() {
            process.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException e) {
                // The JVM is exiting: the hook runs, or has run.
            }
        }
    }
}
