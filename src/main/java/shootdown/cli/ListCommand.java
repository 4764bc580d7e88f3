package shootdown.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.model.Layout;
import shootdown.model.Model;
import shootdown.model.Operation;
import shootdown.model.Variant;

/** {@code shootdown list}: the catalogue, or what one model offers a question. */
@Command(name = "list", description = "List the variant catalogue (ids, variants, scenarios, documented verdicts), "
        + "or with --ops MODEL the model's operations, layouts, kernel files and variants.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--ops", paramLabel = "MODEL",
            description = "Print the model's operations (what --scenario and --alphabet may name), its boot layouts, "
                    + "the kernel files a variant file may extend, and its built-in variants.")
    String model;

    @Override
    public Integer call() {
        if (model != null) {
            describe(Models.named(model));
            return 0;
        }
        for (CatalogueRow row : Catalogue.rows()) {
            System.out.printf("%-14s %-5s %-22s documented %-8s %s%n", row.id(), row.model().name(), row.variant().name(),
                    row.documented().label, row.why());
            if (row.scenario() != null) {
                System.out.printf("%-14s scenario %s: %s%n", "", row.scenario().name(), row.scenario().describeOps());
            }
        }
        return 0;
    }

    private static void describe(Model m) {
        System.out.println(m.name() + ": " + m.title());
        System.out.println("\noperations (scenarios write name(argument), e.g. " + m.operations().get(0).name() + "(0x0)):");
        for (Operation op : m.operations()) {
            System.out.printf("  %-32s %s%n", op.name() + "(" + op.argument() + ")", op.description());
        }
        System.out.println("\nlayouts (--layout):");
        for (Layout layout : m.layouts()) System.out.printf("  %-16s %s%n", layout.name(), layout.description());
        System.out.println("\nkernel files a variant file may extend:");
        m.kernelFiles().keySet().stream().map(Class::getName).sorted().forEach(name -> System.out.println("  " + name));
        System.out.println("\nbuilt-in variants (--variant, --base):");
        for (Variant v : m.variants()) System.out.printf("  %-24s %s%n", v.name(), v.title());
        System.out.println("\nproof alphabet (default of prove): " + m.proveAlphabet() + " on layout " + m.proveLayout());
    }
}
