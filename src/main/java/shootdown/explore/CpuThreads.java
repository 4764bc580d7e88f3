package shootdown.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that play the CPUs, reused from one execution to the next: starting and joining
 * fresh threads costs more than a short execution itself. One execution uses them at a time.
 */
final class CpuThreads {
    static final CpuThreads SHARED = new CpuThreads();

    private final List<Worker> workers = new ArrayList<>();

    /** Runs {@code bodies[i]} on worker i; returns them so the caller can unpark them. */
    synchronized Thread[] start(Runnable[] bodies) {
        while (workers.size() < bodies.length) {
            Worker worker = new Worker(workers.size());
            worker.start();
            workers.add(worker);
        }
        Thread[] threads = new Thread[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            workers.get(i).submit(bodies[i], Thread.currentThread());
            threads[i] = workers.get(i);
        }
        return threads;
    }

    /** Forgets the workers (some may be stuck in an abandoned execution); new ones replace them. */
    synchronized void discard() {
        workers.clear();
    }

    /** Waits until every worker finished its body. */
    void awaitIdle(int count) {
        for (int i = 0; i < count; i++) {
            Worker worker = workers.get(i);
            while (worker.busy) LockSupport.park(this);
        }
    }

    private static final class Worker extends Thread {
        private volatile Runnable task;
        private volatile Thread owner;
        volatile boolean busy;

        Worker(int index) {
            super("cpu" + index);
            setDaemon(true);
        }

        void submit(Runnable body, Thread starter) {
            owner = starter;
            busy = true;
            task = body;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Runnable body;
                while ((body = task) == null) LockSupport.park(this);
                task = null;
                try {
                    body.run();
                } finally {
                    busy = false;
                    LockSupport.unpark(owner);
                }
            }
        }
    }
}
