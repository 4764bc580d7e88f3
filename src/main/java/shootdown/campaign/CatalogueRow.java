package shootdown.campaign;

import java.util.List;
import java.util.Set;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.model.Model;
import shootdown.model.Op;
import shootdown.model.Scenario;
import shootdown.model.Variant;

/**
 * One row of a catalogue: a variant of a model, the question asked of it (one scenario, or every
 * scenario of a proof bound), and what kernel history says about it.
 *
 * @param scenario   the scenario every engine runs, or null for a proof row
 * @param proof      the bound a proof row explores, or null
 * @param cites      the commit, patch or thread the row follows ("" if none)
 * @param era        "seed" for rows that follow the seed documents' code rather than today's mainline, else ""
 * @param hazards    for a row kernel history calls racy or buggy, the hazards its race may show (empty: any)
 * @param stressTest unused: every row of one scenario runs the generic jcstress tests (TwoCpuRows ...);
 *                   read from an older catalogue's {@code stress} field, or null
 * @param source     the catalogue file the row comes from
 * @param flush      how {@code flush_tlb_all()} works on the row's machine if the row says (its scenario or
 *                   proof carries it), or null: the campaign's choice ({@code --flush}, by default IPIs)
 */
public record CatalogueRow(String id, Variant variant, Scenario scenario, Proof proof, Documented documented,
                           Set<Hazard.Kind> hazards, String why, String cites, String era, String stressTest,
                           String source, FlushMethod flush) {
    public CatalogueRow(String id, Variant variant, Scenario scenario, Proof proof, Documented documented,
                        Set<Hazard.Kind> hazards, String why, String cites, String era, String stressTest, String source) {
        this(id, variant, scenario, proof, documented, hazards, why, cites, era, stressTest, source, null);
    }

    /** A proof row's bound: any {@code opsPerCpu} operations of {@code alphabet} on each of {@code cpus} CPUs. */
    public record Proof(List<Op> alphabet, String layout, int cpus, int opsPerCpu, FlushMethod flush) {
        public Proof {
            if (flush == null) flush = FlushMethod.IPI;
        }

        public Proof(List<Op> alphabet, String layout, int cpus, int opsPerCpu) {
            this(alphabet, layout, cpus, opsPerCpu, FlushMethod.IPI);
        }
    }

    /** How the row's machine flushes, as its engines run it. */
    public FlushMethod flushMethod() {
        return isProof() ? proof.flush() : scenario.flush();
    }

    /** The row on a machine flushing by {@code method}, unless the row names its own. */
    public CatalogueRow flushingByDefault(FlushMethod method) {
        if (flush != null || method == flushMethod()) return this;
        Scenario s = scenario == null ? null : scenario.flushing(method);
        Proof p = proof == null ? null : new Proof(proof.alphabet(), proof.layout(), proof.cpus(), proof.opsPerCpu(), method);
        return new CatalogueRow(id, variant, s, p, documented, hazards, why, cites, era, stressTest, source, null);
    }

    public Model model() {
        return variant.model();
    }

    public boolean isProof() {
        return proof != null;
    }

    /** CPUs the row runs on. */
    public int cpus() {
        return isProof() ? proof.cpus() : scenario.cpus();
    }
}
