package shootdown.explore;

import shootdown.machine.Abandoned;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import shootdown.machine.Footprint;
import shootdown.machine.Guard;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.LockRule;
import shootdown.machine.PendingIpi;
import shootdown.machine.Sched;
import shootdown.model.ModelInstance;

/**
 * One execution of a scenario under the explorer's control. Each CPU is a thread, and exactly
 * one thread holds the baton at any time: at each machine step the holder itself decides the
 * next move (follow the prefix, or take the first possible move and queue the others) and hands
 * the baton over only when another CPU must move. IPIs are delivered by whoever holds the baton.
 * The thread that started the execution waits until it ends.
 */
final class Execution implements Sched {
    private static final int SPINS = 1_000;
    private static final int NOBODY = -1;

    private enum Status { NEW, PARKED, DONE }

    /**
     * How the execution ended: a broken invariant, or null (finished cleanly, or pruned); for a
     * clean finish, the final outcome as {@link shootdown.machine.MachineCore#outcome()} gives it.
     */
    record Outcome(List<Integer> schedule, Hazard violation, String finalOutcome) {
    }

    private final boolean breadthFirst;
    private final boolean reduce;
    private final boolean forget;
    private final int cpus;
    private final int[] prefix;
    private final Visited visited;
    private final Deque<int[]> pending;
    private final Thread[] threads;
    private final Status[] status;
    private final BooleanSupplier[] guards;
    /**
     * Each CPU's history as exact text (operations started, values kept): this search's key
     * holds the CPUs' past word for word, where the snapshot search folds it ({@link CpuHistory}),
     * so each checks the other.
     */
    private final StringBuilder[] history;
    private final Footprint[] nextStep;
    private final Footprint[] declared;
    private final Footprint[] laterOps;
    private final List<Integer> schedule = new ArrayList<>();
    private final Thread starter = Thread.currentThread();
    private ModelInstance instance;
    private List<LockRule> lockRules = List.of();
    private HazardException hazard;
    private Throwable failure;
    private volatile int active = NOBODY;
    private volatile boolean abandoned;
    private volatile Outcome outcome;

    /**
     * With {@code visited == null} this is a replay: follow the prefix only. With
     * {@code breadthFirst}, the execution stops where the prefix ends and queues every move
     * from there at the back of {@code pending}: one level of a breadth-first search. With
     * {@code reduce}, a depth-first extension takes only a persistent set of the possible moves.
     * With {@code forget}, a CPU's history drops its finished operations (see
     * {@link shootdown.model.Model#operationsIndependent}).
     */
    Execution(int cpus, int[] prefix, Visited visited, Deque<int[]> pending, boolean breadthFirst, boolean reduce,
              boolean forget) {
        this.breadthFirst = breadthFirst;
        this.reduce = reduce && !breadthFirst;
        this.forget = forget;
        this.cpus = cpus;
        this.prefix = prefix;
        this.visited = visited;
        this.pending = pending;
        this.threads = new Thread[cpus];
        this.status = new Status[cpus];
        this.guards = new BooleanSupplier[cpus];
        this.history = new StringBuilder[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) history[cpu] = new StringBuilder();
        this.nextStep = new Footprint[cpus];
        this.declared = new Footprint[cpus];
        this.laterOps = new Footprint[cpus];
    }

    /**
     * Runs the instance to the end of this execution and says how it ended. The CPU threads are
     * the shared pool's: one execution at a time uses them.
     */
    Outcome run(ModelInstance model) {
        this.instance = model;
        this.lockRules = model.lockRules();
        Runnable[] bodies = new Runnable[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            final int id = cpu;
            status[id] = Status.NEW;
            bodies[id] = () -> body(id);
        }
        synchronized (CpuThreads.SHARED) {
            System.arraycopy(CpuThreads.SHARED.start(bodies), 0, threads, 0, cpus);
            pass(0);
            while (outcome == null) {
                LockSupport.park(this);
                if (Thread.currentThread().isInterrupted()) return interrupted();
            }
            abandoned = true; // every CPU still parked at a step unwinds
            for (Thread thread : threads) LockSupport.unpark(thread);
            CpuThreads.SHARED.awaitIdle(cpus);
        }
        if (failure != null) throw new IllegalStateException("model code failed: " + failure, failure);
        return outcome;
    }

    /**
     * The caller gave up on this execution (a campaign check past its budget). A CPU may be
     * stuck in model code, so its pool threads are left behind and later executions get new ones.
     */
    private Outcome interrupted() {
        abandoned = true;
        for (Thread thread : threads) LockSupport.unpark(thread);
        CpuThreads.SHARED.discard();
        throw new IllegalStateException("exploration interrupted");
    }

    private void body(int cpu) {
        try {
            awaitBaton(cpu);
            List<shootdown.model.Op> own = instance.scenario().opsPerCpu().get(cpu);
            int ops = own.size();
            for (int index = 0; index < ops; index++) {
                if (forget) {
                    history[cpu].setLength(0);
                    history[cpu].append('#').append(index);
                }
                history[cpu].append(";op ").append(own.get(index));
                declared[cpu] = instance.footprint(cpu, index);
                laterOps[cpu] = Footprint.NOTHING;
                for (int later = index + 1; later < ops; later++) {
                    laterOps[cpu] = laterOps[cpu].union(instance.footprint(cpu, later));
                }
                instance.run(cpu, index);
            }
        } catch (HazardException e) {
            hazard = e;
        } catch (Abandoned e) {
            return;
        } catch (Throwable e) {
            failure = e;
        }
        history[cpu].setLength(0); // a finished CPU's work is on the machine
        status[cpu] = Status.DONE;
        if (!abandoned) moveOn(cpu);
    }

    @Override
    public void beforeStep(int cpu, BooleanSupplier guard) {
        beforeStep(cpu, guard, Footprint.EVERYTHING);
    }

    @Override
    public void beforeStep(int cpu, BooleanSupplier guard, Footprint footprint) {
        if (reduce && visited != null) { // only the reduction relies on the model's promises
            String broken = ModelPromises.broken(cpu, footprint, declared[cpu], lockRules, instance.machine());
            if (broken != null && failure == null) failure = new SnapshotSearch.PromiseBroken(broken);
        }
        nextStep[cpu] = footprint;
        guards[cpu] = guard;
        status[cpu] = Status.PARKED;
        moveOn(cpu);
    }

    @Override
    public void restOfOperationTouches(int cpu, Footprint footprint) {
        declared[cpu] = footprint;
    }

    @Override
    public void afterStep(int cpu, Object result) {
        history[cpu].append(result == null ? ",-" : "," + result.getClass().getName() + ":" + result);
    }

    @Override
    public boolean deliversIpis() {
        return true;
    }

    /**
     * Called by the baton holder when it reaches a step or finishes. Returns when this CPU may
     * take its step (it was chosen); a finished CPU returns at once after handing over.
     */
    private void moveOn(int self) {
        int next = firstNotStarted();
        if (next == NOBODY) next = decide();
        if (next == self) return;
        if (next != NOBODY) pass(next);
        if (status[self] == Status.DONE) return;
        awaitBaton(self);
    }

    /** Every CPU first runs up to its first step, in order, before any decision is made. */
    private int firstNotStarted() {
        for (int cpu = 0; cpu < cpus; cpu++) if (status[cpu] == Status.NEW) return cpu;
        return NOBODY;
    }

    /** Chooses and performs moves until some CPU must take a step; NOBODY if the execution ended. */
    private int decide() {
        while (true) {
            if (failure != null) return end(null);
            if (hazard != null) return end(hazard.hazard());
            List<Integer> choices = choices();
            if (choices.isEmpty()) {
                if (!allDone()) return end(deadlock());
                Hazard broken = quiescence();
                return broken != null ? end(broken) : finish(instance.machine().inspect().outcome());
            }
            int choice;
            if (schedule.size() < prefix.length) {
                choice = prefix[schedule.size()];
                if (!choices.contains(choice)) {
                    failure = new IllegalStateException("schedule diverged at step " + schedule.size() + " " + schedule);
                    return end(null);
                }
            } else {
                if (visited == null || !visited.firstVisit(StateHash.of(stateKey()))) return end(null);
                if (reduce) choices = PersistentSet.choose(choices, processes(), ModelPromises.holders(lockRules, instance.machine()));
                if (breadthFirst) {
                    for (int c : choices) pending.addLast(extend(c));
                    return end(null);
                }
                for (int i = choices.size() - 1; i >= 1; i--) pending.push(extend(choices.get(i)));
                choice = choices.get(0);
            }
            schedule.add(choice);
            if (!Choice.isIpi(choice)) return Choice.cpu(choice);
            instance.machine().deliver_ipi(Choice.batch(choice), Choice.cpu(choice));
        }
    }

    private int finish(String finalOutcome) {
        return close(new Outcome(List.copyOf(schedule), null, finalOutcome));
    }

    private int end(Hazard violation) {
        return close(new Outcome(List.copyOf(schedule), violation, null));
    }

    private int close(Outcome how) {
        active = NOBODY; // nobody moves again: the holder waits here until it is abandoned
        outcome = how;
        LockSupport.unpark(starter);
        return NOBODY;
    }

    private List<Integer> choices() {
        List<Integer> out = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            if (status[cpu] == Status.PARKED && (guards[cpu] == null || guards[cpu].getAsBoolean())) {
                out.add(Choice.step(cpu));
            }
        }
        for (int[] ipi : instance.machine().inspect().deliverableIpis()) out.add(Choice.ipi(ipi[0], ipi[1]));
        return out;
    }

    /** Every CPU about to take a step and every IPI not yet taken, with what each may touch. */
    private List<PersistentSet.Process> processes() {
        List<PersistentSet.Process> out = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            if (status[cpu] != Status.PARKED) continue;
            boolean enabled = guards[cpu] == null || guards[cpu].getAsBoolean();
            Guard.Bound guard = guards[cpu] instanceof Guard.Bound g ? g : null;
            out.add(new PersistentSet.Process(Choice.step(cpu), cpu, -1, enabled, guard, nextStep[cpu],
                    declared[cpu].union(laterOps[cpu])));
        }
        for (PendingIpi ipi : instance.machine().inspect().pendingIpis()) out.add(PersistentSet.Process.of(ipi));
        return out;
    }


    private boolean allDone() {
        for (Status s : status) if (s != Status.DONE) return false;
        return true;
    }

    private Hazard quiescence() {
        try {
            instance.checkQuiescent();
            return null;
        } catch (HazardException e) {
            return e.hazard();
        }
    }

    private Hazard deadlock() {
        List<Integer> stuck = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) if (status[cpu] != Status.DONE) stuck.add(cpu);
        return Hazard.deadlock(instance.machine().inspect().steps(), stuck);
    }

    /** Everything that decides the future: shared state, and each CPU's position and history. */
    private String stateKey() {
        StringBuilder key = new StringBuilder(instance.machine().inspect().encodeState());
        for (int cpu = 0; cpu < cpus; cpu++) key.append('|').append(status[cpu]).append(history[cpu]);
        return key.toString();
    }

    private int[] extend(int choice) {
        int[] out = new int[schedule.size() + 1];
        for (int i = 0; i < schedule.size(); i++) out[i] = schedule.get(i);
        out[schedule.size()] = choice;
        return out;
    }

    private void pass(int cpu) {
        active = cpu;
        LockSupport.unpark(threads[cpu]);
    }

    private void awaitBaton(int cpu) {
        int spins = 0;
        while (active != cpu) {
            if (abandoned) throw new Abandoned();
            if (++spins > SPINS) LockSupport.park(this);
            else Thread.onSpinWait();
        }
        if (abandoned) throw new Abandoned();
    }
}
