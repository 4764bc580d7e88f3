package shootdown.model;

import shootdown.machine.Cpu;
import shootdown.machine.MachineCore;
import shootdown.machine.Sched;

/**
 * What every model instance has: its scenario, the machine it booted for it, and each CPU's
 * kernel in the variant's version. An operation runs as the model's {@link Operation} says.
 */
public abstract class AbstractModelInstance implements ModelInstance {
    protected final Model model;
    protected final Variant variant;
    protected final Scenario scenario;
    protected final MachineCore machine;
    protected final CpuKernel[] kernels;

    protected AbstractModelInstance(Variant variant, Scenario scenario, MachineCore machine, Sched sched) {
        this.model = variant.model();
        this.variant = variant;
        this.scenario = scenario;
        this.machine = machine;
        if (scenario.counted() != null) machine.boot().countOnly(scenario.counted());
        machine.boot().flush(scenario.flush());
        this.kernels = new CpuKernel[scenario.cpus()];
        for (int id = 0; id < kernels.length; id++) kernels[id] = new CpuKernel(new Cpu(id, machine, sched), variant);
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

    /** CPU {@code cpu}'s version of a kernel file. */
    protected final <T extends KernelCode> T kernel(int cpu, Class<T> file) {
        return kernels[cpu].get(file);
    }

    @Override
    public void run(int cpu, int index) {
        Op op = op(cpu, index);
        Operations.named(model, op.name()).body().accept(kernels[cpu], op.page());
    }
}
