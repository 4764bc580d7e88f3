package shootdown.campaign;

import java.util.List;
import java.util.Set;
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
 * @param stressTest the jcstress test class (simple name) for this row, or null
 * @param source     the catalogue file the row comes from
 */
public record CatalogueRow(String id, Variant variant, Scenario scenario, Proof proof, Documented documented,
                           Set<Hazard.Kind> hazards, String why, String cites, String era, String stressTest,
                           String source) {
    /** A proof row's bound: any {@code opsPerCpu} operations of {@code alphabet} on each of {@code cpus} CPUs. */
    public record Proof(List<Op> alphabet, String layout, int cpus, int opsPerCpu) {
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
