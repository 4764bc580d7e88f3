package shootdown.model.snp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import shootdown.engine.NativeRun;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * Throughput of {@code rmp_make_private()}/{@code rmp_make_shared()} per direct-map strategy, on
 * real threads (the LPC 2022 measurement, "VM boot time when having multiple rmpupdate()
 * threads", on the model). Each round boots a fresh two-CPU machine ({@link NativeRun}), and 1 or
 * 2 threads, each one CPU, convert their frames of both 2M ranges to private and back. Only the
 * conversion phase is timed, not the boot. Figures are model operations per second: they compare
 * strategies on this machine, not kernels.
 */
public final class RmpBench {
    /** Frames each active CPU converts per round, spread over the two 2M ranges. */
    public static final int FRAMES_PER_CPU = 64;

    /**
     * One strategy at one thread count.
     *
     * @param opsPerSecond     median over the repetitions of rmp_make_* operations per second
     * @param repetitions      each repetition's figure
     * @param retriesPer1000   RMPUPDATE FAIL_OVERLAP retries per 1000 operations, over all repetitions
     * @param cpaLockPerOp     cpa_lock acquisitions per operation
     */
    public record Row(String variant, int threads, double opsPerSecond, List<Double> repetitions,
                      double retriesPer1000, double cpaLockPerOp) {
    }

    private RmpBench() {
    }

    public static List<Row> run(List<String> variants, int repetitions, long millisPerRepetition) {
        List<Row> rows = new ArrayList<>();
        for (String variant : variants) {
            for (int threads = 1; threads <= 2; threads++) {
                rows.add(measure(variant, threads, repetitions, millisPerRepetition));
            }
        }
        return rows;
    }

    /** The default bench: every strategy of the cost table, 5 repetitions of about a second. */
    public static List<Row> run() {
        return run(SnpCost.variants(), 5, 1_000);
    }

    /** Two CPUs; the first {@code threads} of them each convert FRAMES_PER_CPU frames to private, then back. */
    static Scenario workload(int threads) {
        List<List<Op>> ops = new ArrayList<>();
        for (int cpu = 0; cpu < 2; cpu++) {
            List<Op> mine = new ArrayList<>();
            if (cpu < threads) {
                for (String op : List.of("rmp_make_private", "rmp_make_shared")) {
                    for (int i = 0; i < FRAMES_PER_CPU; i++) {
                        long frame = (i % 2) * 512 + (long) (i / 2) * threads + cpu;
                        mine.add(new Op(op, frame));
                    }
                }
            }
            ops.add(mine);
        }
        return new Scenario("bench-" + threads, "2m", "rmp_make_private() then rmp_make_shared() of "
                + FRAMES_PER_CPU + " frames per thread, " + threads + " thread(s)", ops);
    }

    private static Row measure(String variant, int threads, int repetitions, long millis) {
        Scenario scenario = workload(threads);
        double[] figures = new double[repetitions];
        long ops = 0;
        long retries = 0;
        long cpaLock = 0;
        try (Workers workers = new Workers(threads)) {
            // Warm-up, not counted: let the JIT compile this variant's paths first.
            long warm = System.nanoTime() + Math.min(millis, 500) * 1_000_000L;
            while (System.nanoTime() < warm) workers.runRound(NativeRun.create(SnpModel.INSTANCE.variant(variant), scenario));
            for (int rep = 0; rep < repetitions; rep++) {
                long deadline = System.nanoTime() + millis * 1_000_000L;
                long repOps = 0;
                long busyNanos = 0;
                while (System.nanoTime() < deadline) {
                    ModelInstance instance = NativeRun.create(SnpModel.INSTANCE.variant(variant), scenario);
                    long before = instance.machine().inspect().counters().getOrDefault("cpa_lock acquisitions", 0L);
                    busyNanos += workers.runRound(instance);
                    repOps += scenario.operations();
                    Map<String, Long> c = instance.machine().inspect().counters();
                    retries += c.getOrDefault("RMPUPDATE retries (FAIL_OVERLAP)", 0L);
                    cpaLock += c.getOrDefault("cpa_lock acquisitions", 0L) - before;
                }
                figures[rep] = repOps / (busyNanos / 1e9);
                ops += repOps;
            }
        }
        List<Double> reps = Arrays.stream(figures).boxed().toList();
        double[] sorted = figures.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new Row(variant, threads, median, reps, 1000.0 * retries / ops, (double) cpaLock / ops);
    }

    /** Worker threads, one per CPU, started together on each round's machine. */
    private static final class Workers implements AutoCloseable {
        private final Thread[] threads;
        private final CyclicBarrier start;
        private final CyclicBarrier end;
        private final long[] started;
        private final long[] ended;
        private volatile ModelInstance instance;
        private volatile boolean closed;
        private volatile RuntimeException failure;

        Workers(int count) {
            this.threads = new Thread[count];
            this.start = new CyclicBarrier(count + 1);
            this.end = new CyclicBarrier(count + 1);
            this.started = new long[count];
            this.ended = new long[count];
            for (int cpu = 0; cpu < count; cpu++) {
                int id = cpu;
                threads[cpu] = new Thread(() -> loop(id), "bench-cpu" + id);
                threads[cpu].setDaemon(true);
                threads[cpu].start();
            }
        }

        /**
         * Runs one round on {@code next}; returns the nanoseconds from the first CPU's start to the
         * last CPU's end, as the CPUs measured them (the barriers' wake-up latency is left out).
         */
        long runRound(ModelInstance next) {
            instance = next;
            await(start);
            await(end);
            if (failure != null) throw failure;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int cpu = 0; cpu < threads.length; cpu++) {
                first = Math.min(first, started[cpu]);
                last = Math.max(last, ended[cpu]);
            }
            return last - first;
        }

        private void loop(int cpu) {
            while (true) {
                await(start);
                if (closed) return;
                started[cpu] = System.nanoTime();
                try {
                    ModelInstance mine = instance;
                    int ops = mine.scenario().opsPerCpu().get(cpu).size();
                    for (int i = 0; i < ops; i++) mine.run(cpu, i);
                } catch (RuntimeException e) {
                    failure = e;
                }
                ended[cpu] = System.nanoTime();
                await(end);
            }
        }

        private static void await(CyclicBarrier barrier) {
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException("bench thread interrupted", e);
            }
        }

        @Override
        public void close() {
            closed = true;
            await(start);
        }
    }

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 1_000;
        System.out.printf("%-20s %7s %14s %14s %12s%n", "variant", "threads", "ops/s (median)", "retries/1000",
                "cpa_lock/op");
        for (Row r : run(SnpCost.variants(), repetitions, millis)) {
            System.out.printf("%-20s %7d %14.0f %14.1f %12.2f%n", r.variant(), r.threads(), r.opsPerSecond(),
                    r.retriesPer1000(), r.cpaLockPerOp());
        }
    }
}
