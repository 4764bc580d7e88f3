package shootdown.model;

import shootdown.machine.MachineCore;

/** What every model instance has: its scenario and the machine it booted for it. */
public abstract class AbstractModelInstance implements ModelInstance {
    protected final Scenario scenario;
    protected final MachineCore machine;

    protected AbstractModelInstance(Scenario scenario, MachineCore machine) {
        this.scenario = scenario;
        this.machine = machine;
    }

    @Override
    public final MachineCore machine() {
        return machine;
    }

    @Override
    public final Scenario scenario() {
        return scenario;
    }

    /** Operation {@code index} of CPU {@code cpu}'s list. */
    protected final Op op(int cpu, int index) {
        return scenario.opsPerCpu().get(cpu).get(index);
    }
}
