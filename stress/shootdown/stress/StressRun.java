package shootdown.stress;

import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.NativeRun;
import shootdown.machine.HazardException;
import shootdown.model.ModelInstance;

/**
 * One jcstress sample of a catalogue row: a fresh machine, each actor running one CPU's
 * operations on a real hardware thread, and the arbiter naming what happened: {@code OK}, or
 * the kind of the first hazard (e.g. {@code H1_MIXED_SIZE_CONFLICT}).
 */
public final class StressRun {
    private final ModelInstance instance;
    private volatile HazardException first;

    public StressRun(String catalogueId) {
        CatalogueRow row = Catalogue.find(catalogueId)
                .orElseThrow(() -> new IllegalArgumentException("no catalogue row " + catalogueId));
        this.instance = NativeRun.create(row.model(), row.variant(), row.scenario());
    }

    /** Runs every operation of one CPU; a hazard ends that CPU's work, as in the model checkers. */
    public void cpu(int cpu) {
        try {
            int ops = instance.scenario().opsPerCpu().get(cpu).size();
            for (int index = 0; index < ops; index++) instance.run(cpu, index);
        } catch (HazardException e) {
            synchronized (this) {
                if (first == null) first = e;
            }
        }
    }

    /** After every actor: the first hazard seen, else the final-state check's verdict. */
    public String outcome() {
        if (first != null) return first.hazard().kind().name();
        try {
            instance.checkQuiescent();
            return "OK";
        } catch (HazardException e) {
            return e.hazard().kind().name();
        }
    }
}
