package shootdown.stress;

import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.NativeRun;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.RuleBroken;
import shootdown.model.ModelInstance;

/**
 * One jcstress sample of a catalogue row: a fresh machine, each actor running one CPU's
 * operations on a real hardware thread, and the arbiter naming what happened: {@code OK}, or
 * the kind of the first hazard (e.g. {@code H1_MIXED_SIZE_CONFLICT}), graded by what the row's
 * documented verdict says of it ({@link #result}).
 *
 * <p>A hazard ends its CPU's work on the spot, possibly with a spinlock held, interrupts
 * disabled or an IPI unsent. The other CPUs could then wait forever on the machine, so the
 * first hazard also stops them: every CPU of this sample still running is interrupted (a
 * waiting step gives up), and a CPU that starts later does not run at all. The outcome is
 * already decided by then.
 */
public final class StressRun {
    /** The outcome of a sample whose code broke a rule every engine relies on (see CodeRules). */
    public static final String RULE_BROKEN = SampleResult.RULE_BROKEN;

    private final CatalogueRow row;
    private final NativeRun.Run run;
    private final ModelInstance instance;
    private final Thread[] running;
    private final boolean[] stopped;
    private final boolean[] finished;
    private HazardException first;

    public StressRun(String catalogueId) {
        this(Catalogue.find(catalogueId).orElseThrow(() -> new IllegalArgumentException("no catalogue row "
                + catalogueId)));
    }

    public StressRun(CatalogueRow row) {
        this(row, NativeRun.run(row.variant(), row.scenario()));
    }

    /** A sample of an instance made by hand (no variant to run again, so no re-run check). */
    StressRun(ModelInstance instance) {
        this(null, null, instance);
    }

    private StressRun(CatalogueRow row, NativeRun.Run run) {
        this(row, run, run.instance());
    }

    private StressRun(CatalogueRow row, NativeRun.Run run, ModelInstance instance) {
        this.row = row;
        this.run = run;
        this.instance = instance;
        this.running = new Thread[instance.scenario().cpus()];
        this.stopped = new boolean[running.length];
        this.finished = new boolean[running.length];
    }

    /**
     * Runs every operation of one CPU; a hazard ends that CPU's work, as in the model checkers.
     * A test's actor beyond the row's CPUs has nothing to run (see {@link RowPool#FEWEST_ACTORS}).
     */
    public void cpu(int cpu) {
        if (cpu >= running.length || !enter(cpu)) return;
        try {
            int ops = instance.scenario().opsPerCpu().get(cpu).size();
            for (int index = 0; index < ops; index++) instance.run(cpu, index);
            markFinished(cpu);
        } catch (HazardException e) {
            died(cpu, e);
        } catch (RuntimeException e) {
            // NativeSched turns our interrupt into an exception at the step that was waiting.
            if (!stoppedByHazard(cpu)) throw e;
        } finally {
            leave(cpu);
        }
    }

    /**
     * After every actor: {@link #RULE_BROKEN} if a CPU's code, run again alone, asks for other
     * steps; else the first hazard seen, else the final-state check's verdict.
     */
    public String outcome() {
        try {
            if (run != null) run.recheck(finishedSoFar());
        } catch (RuleBroken e) {
            return RULE_BROKEN;
        }
        HazardException hazard = firstHazard();
        if (hazard != null) return hazard.hazard().kind().name();
        try {
            instance.checkQuiescent();
            return "OK";
        } catch (HazardException e) {
            return e.hazard().kind().name();
        }
    }

    /**
     * What the arbiter reports for a catalogue row's sample ({@link SampleResult}): the row, and
     * {@code OK}, {@link #RULE_BROKEN} or the hazard with its grade. A hit's steps, in the
     * machine's order, are offered to {@link HitSchedules} for the campaign to replay.
     */
    public String result() {
        String outcome = outcome();
        if (outcome.equals(SampleResult.OK)) return SampleResult.ok(row.id()).toString();
        if (outcome.equals(RULE_BROKEN)) return SampleResult.ruleBroken(row.id()).toString();
        Hazard.Kind kind = Hazard.Kind.valueOf(outcome);
        HitSchedules.offer(row.id(), outcome, run.sched().order().schedule());
        return SampleResult.hazard(row.id(), kind, StressGrade.of(row, kind)).toString();
    }

    private synchronized boolean[] finishedSoFar() {
        return finished.clone();
    }

    private synchronized void markFinished(int cpu) {
        finished[cpu] = true;
    }

    /** Registers the calling thread as the CPU; false if a hazard has already ended the sample. */
    private synchronized boolean enter(int cpu) {
        if (first != null) return false;
        running[cpu] = Thread.currentThread();
        return true;
    }

    private synchronized void died(int cpu, HazardException e) {
        if (first == null) first = e;
        for (int other = 0; other < running.length; other++) {
            if (other != cpu && running[other] != null && !stopped[other]) {
                stopped[other] = true;
                running[other].interrupt();
            }
        }
    }

    private synchronized boolean stoppedByHazard(int cpu) {
        return stopped[cpu];
    }

    private synchronized HazardException firstHazard() {
        return first;
    }

    /**
     * Deregisters the CPU, then clears an interrupt this sample may have left on the thread:
     * jcstress reuses actor threads, and the next sample must not start interrupted.
     */
    private void leave(int cpu) {
        boolean interrupted;
        synchronized (this) {
            running[cpu] = null;
            interrupted = stopped[cpu];
        }
        if (interrupted) Thread.interrupted();
    }
}
