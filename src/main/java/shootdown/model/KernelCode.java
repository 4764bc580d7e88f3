package shootdown.model;

import shootdown.machine.Cpu;
import shootdown.machine.KernelSource;

/**
 * One kernel source file of a model, as one CPU runs it: {@code SetMemory} is
 * arch/x86/mm/pat/set_memory.c, {@code Sev} the cache-flush part of arch/x86/kvm/svm/sev.c.
 * Its methods keep the kernel's function names, so a variant overrides exactly the functions a
 * patch touches and inherits the rest.
 *
 * A file gets its CPU and its neighbours when the CPU's kernel is put together: subclasses need
 * no constructor, and set up their fields in {@link #boot()}. Every access to shared state goes
 * through {@link #cpu}; a file keeps nothing but its own fields, and those only for one CPU.
 */
public abstract class KernelCode implements KernelSource {
    /** The CPU this code runs on: the only door to shared state. */
    protected Cpu cpu;
    private CpuKernel kernel;

    final void bind(CpuKernel kernel) {
        this.kernel = kernel;
        this.cpu = kernel.cpu();
        boot();
    }

    /** Looks up locks and neighbouring files; called once, before any operation runs. */
    protected void boot() {
    }

    /** This CPU's instance of another kernel file, in the variant's version. */
    protected final <T extends KernelCode> T kernel(Class<T> file) {
        return kernel.get(file);
    }
}
