package shootdown.campaign;

import shootdown.model.Model;
import shootdown.model.Scenario;

/**
 * One row of the variant catalogue: a variant of a model, the scenario that exercises it,
 * and what kernel history says about it.
 *
 * @param stressTest the jcstress test class (simple name) for this row, or null
 */
public record CatalogueRow(String id, Model model, String variant, Scenario scenario, Documented documented,
                           String why, String stressTest) {
}
