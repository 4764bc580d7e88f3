package shootdown.model;

import java.util.function.ObjLongConsumer;

/**
 * An operation scenarios may name: a kernel entry point on one CPU and what its argument means.
 *
 * @param name        as scenarios write it, e.g. {@code set_memory_ro}
 * @param argument    what the number in parentheses is, e.g. "page" or "gfn"
 * @param description one line on what it does
 * @param body        runs it on one CPU's kernel
 */
public record Operation(String name, String argument, String description, ObjLongConsumer<CpuKernel> body) {
}
