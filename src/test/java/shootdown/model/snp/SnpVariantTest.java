package shootdown.model.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shootdown.machine.Cpu;
import shootdown.machine.MachineCore;
import shootdown.model.CpuKernel;
import shootdown.model.Variant;
import shootdown.model.cpa.NoCpaLock;
import shootdown.model.cpa.SetMemory;

/** Variant names: a design of the SNP files, optionally combined with a CPA variant, each a set of kernel files. */
class SnpVariantTest {
    private static CpuKernel kernel(Variant variant) {
        return new CpuKernel(new Cpu(0, new MachineCore(1, new long[0]), new BootSched()), variant);
    }

    @Test
    void aBaseNameRunsOnMainlineCpa() {
        CpuKernel k = kernel(SnpModel.INSTANCE.variant("merged"));
        assertSame(SvmSev.class, k.get(SvmSev.class).getClass());
        assertSame(SetMemory.class, k.get(SetMemory.class).getClass());
        assertSame(KvmSev.class, k.get(KvmSev.class).getClass());
    }

    @Test
    void aCpaVariantCombinesWithAnyDesign() {
        CpuKernel k = kernel(SnpModel.INSTANCE.variant("merged+no-cpa-lock"));
        assertInstanceOf(NoCpaLock.class, k.get(SetMemory.class));
        assertSame(k.get(SetMemory.class), k.get(SvmSev.class).set_memory, "one CPU, one set_memory.c");
        assertInstanceOf(NoAlignCheck.class, kernel(SnpModel.INSTANCE.variant("merged-no-align-check")).get(KvmSev.class));
        assertTrue(SnpModel.INSTANCE.variants().stream().anyMatch(v -> v.name().equals("presplit+debug-pagealloc")));
        assertEquals("merged+no-cpa-lock", SnpModel.INSTANCE.variant("merged+no-cpa-lock").name());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnpModel.INSTANCE.variant("mergd"));
        assertTrue(e.getMessage().contains("merged") && e.getMessage().contains("no-cpa-lock"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SnpModel.INSTANCE.variant("merged+no-such-cpa"));
    }
}
