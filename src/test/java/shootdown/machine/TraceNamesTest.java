package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A trace names each step after the innermost kernel function that asked for it, skipping the
 * model's helpers and lambdas; and the cost counters count splits and collapses of the direct
 * map, in a copy apart from the machine it was copied from.
 */
class TraceNamesTest {
    /** Kernel code in miniature: a function that calls a helper, which takes the step. */
    static class Kernel implements KernelSource {
        final MachineCore core;

        Kernel(MachineCore core) {
            this.core = core;
        }

        void set_memory_ro(long page) {
            walk(page);
        }

        @KernelSource.Helper
        void walk(long page) {
            core.lookup_address(0, page);
        }

        void in_a_lambda(long page) {
            Runnable body = () -> core.lookup_address(0, page);
            body.run();
        }
    }

    /** An override of a helper is a helper too. */
    static final class PatchedKernel extends Kernel {
        PatchedKernel(MachineCore core) {
            super(core);
        }

        @Override
        void walk(long page) {
            core.lookup_address(0, page);
        }
    }

    private static MachineCore traced() {
        MachineCore core = new MachineCore(1, new long[] {0});
        core.boot().map(0, PageSize.SIZE_4K, Prot.KERNEL_RW);
        core.inspect().enableTrace();
        return core;
    }

    private static String lastFunction(MachineCore core) {
        List<TraceEvent> trace = core.inspect().trace();
        return trace.get(trace.size() - 1).function();
    }

    @Test
    void aStepIsNamedAfterTheKernelFunctionNotItsHelper() {
        MachineCore core = traced();
        new Kernel(core).set_memory_ro(0);
        assertEquals("set_memory_ro", lastFunction(core));
        new PatchedKernel(core).set_memory_ro(0);
        assertEquals("set_memory_ro", lastFunction(core));
        new Kernel(core).in_a_lambda(0);
        assertEquals("in_a_lambda", lastFunction(core));
        core.lookup_address(0, 0);
        assertEquals("", lastFunction(core), "no kernel code on the stack");
    }

    @Test
    void costCountersCountSplitsAndCollapsesInTheirOwnCopy() {
        MachineCore core = new MachineCore(1, new long[] {0});
        core.boot().map(0, PageSize.SIZE_2M, Prot.KERNEL_RW);
        Lookup large = core.lookup_address(0, 0);
        int table = core.alloc_table(0, PageSize.SIZE_4K);
        core.fill_table(0, table, large.value().split());
        MachineCore before = core.copy();
        MachineCore split = core.copy();
        split.set_entry(0, "__set_pmd_pte", large.kpte(), Pte.table(table), 0);
        assertEquals(Map.of("direct-map splits", 1L), split.inspect().counters());
        assertEquals(Map.of(), before.inspect().counters(), "a copy counts on its own");
        split.set_entry(0, "set_pmd", large.kpte(), large.value(), 0);
        assertEquals(Long.valueOf(1), split.inspect().counters().get("direct-map collapses"));
        split.set_entry(0, "set_pmd", large.kpte(), large.value(), 0);
        assertEquals(Long.valueOf(1), split.inspect().counters().get("direct-map collapses"), "a leaf over a leaf is neither");
        split.count("custom", 2);
        split.count("custom", 3);
        assertEquals(Long.valueOf(5), split.inspect().counters().get("custom"));
    }
}
