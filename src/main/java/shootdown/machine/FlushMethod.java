package shootdown.machine;

import java.util.Arrays;

/**
 * How {@code flush_tlb_all()} reaches the other CPUs, a feature of the machine chosen per run:
 * by IPI ({@code on_each_cpu(do_flush_tlb_all)}, each CPU flushing when it takes the interrupt),
 * or, on CPUs with {@code X86_FEATURE_INVLPGB} (v6.15, every SNP-capable AMD part), by one
 * broadcast INVLPGB that lands on each CPU in its own time, whatever its interrupt flag, and a
 * TLBSYNC that waits until it has landed everywhere.
 */
public enum FlushMethod {
    IPI("ipi"),
    INVLPGB("invlpgb");

    public final String label;

    FlushMethod(String label) {
        this.label = label;
    }

    /** {@code ipi} or {@code invlpgb}, as the command line and catalogues spell it. */
    public static FlushMethod parse(String text) {
        for (FlushMethod method : values()) if (method.label.equals(text)) return method;
        throw new IllegalArgumentException("unknown flush '" + text + "'; known: "
                + Arrays.stream(values()).map(m -> m.label).toList());
    }

    /** One phrase for answers: how the run flushed. */
    public String describe() {
        return this == IPI ? "flush_tlb_all() by IPI" : "flush_tlb_all() by INVLPGB + TLBSYNC (no IPIs)";
    }

    @Override
    public String toString() {
        return label;
    }
}
