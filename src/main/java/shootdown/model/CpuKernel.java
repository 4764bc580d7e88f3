package shootdown.model;

import java.util.ArrayList;
import java.util.List;
import shootdown.machine.Cpu;

/**
 * One CPU's kernel: each kernel file the model has, in the variant's version. Every file is made
 * and bound when the kernel is, and the set never changes afterwards.
 *
 * Files are found by a scan comparing classes, not through a hash map: under Lincheck, model code
 * runs on threads whose identity hash codes (a {@code Class}'s hash code) differ from those of
 * the thread that built the kernel, so a map keyed by class would miss.
 */
public final class CpuKernel {
    private final Cpu cpu;
    private final List<Class<?>> classes = new ArrayList<>();
    private final List<KernelCode> files = new ArrayList<>();

    public CpuKernel(Cpu cpu, Variant variant) {
        this.cpu = cpu;
        for (Class<? extends KernelCode> file : variant.model().kernelFiles().keySet()) {
            classes.add(file);
            files.add(variant.instantiate(file));
        }
        for (KernelCode code : files) code.bind(this); // a file's boot() may look up another
    }

    public Cpu cpu() {
        return cpu;
    }

    public <T extends KernelCode> T get(Class<T> file) {
        for (int i = 0; i < classes.size(); i++) if (classes.get(i) == file) return file.cast(files.get(i));
        throw new IllegalArgumentException(file.getSimpleName() + " is not a kernel file of this model");
    }
}
