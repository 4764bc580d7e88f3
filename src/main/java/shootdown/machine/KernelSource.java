package shootdown.machine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks kernel code, wherever it was compiled from: traces name each step after the innermost
 * kernel function that asked for it.
 */
public interface KernelSource {
    /** A helper of the model, not a kernel function: the trace names the kernel function that called it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Helper {
    }
}
