package shootdown.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;

/** {@code shootdown list}: the catalogue, with each row's scenario and documented verdict. */
@Command(name = "list", description = "List the variant catalogue: ids, models, variants, scenarios.")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (CatalogueRow row : Catalogue.rows()) {
            System.out.printf("%-12s %-5s %-22s documented %-8s %s%n", row.id(), row.model().name(), row.variant(),
                    row.documented().label, row.why());
            System.out.printf("%-12s scenario %s: %s%n", "", row.scenario().name(), row.scenario().describeOps());
        }
        return 0;
    }
}
