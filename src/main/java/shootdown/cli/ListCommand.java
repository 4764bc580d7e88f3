package shootdown.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.model.Layout;
import shootdown.model.Model;
import shootdown.model.Operation;
import shootdown.model.Variant;

/** {@code shootdown list}: the catalogue, or what one model offers a question. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the variant catalogue (ids, variants, scenarios, documented verdicts), or with --ops MODEL "
                + "the model's operations, layouts, kernel files and variants. Exit status: 0, or 2 on bad usage.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--ops", paramLabel = "MODEL",
            description = "Print the model's operations (what --scenario and --alphabet may name), its boot layouts, "
                    + "the kernel files a variant file may extend, and its built-in variants.")
    String model;

    @Option(names = "--json", description = "Print JSON (the rows, or the model's offer) instead of text.")
    boolean json;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        verbosity.check();
        if (model != null) {
            Model m = Models.named(model);
            if (json) Json.print(offer(m));
            else describe(m);
            return Main.OK;
        }
        if (json) {
            Json.print(Catalogue.rows().stream().map(ListCommand::row).toList());
            return Main.OK;
        }
        for (CatalogueRow row : Catalogue.rows()) {
            if (verbosity.quiet) {
                System.out.println(row.id());
                continue;
            }
            System.out.printf("%-14s %-5s %-22s documented %-8s %s%n", row.id(), row.model().name(), row.variant().name(),
                    row.documented().label, row.why());
            if (row.scenario() != null) {
                System.out.printf("%-14s scenario %s: %s%n", "", row.scenario().name(), row.scenario().describeOps());
            }
            if (verbosity.verbose && !row.cites().isEmpty()) System.out.printf("%-14s cites %s%n", "", row.cites());
        }
        return Main.OK;
    }

    /** A row as tools read it. */
    static Map<String, Object> row(CatalogueRow row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.id());
        out.put("model", row.model().name());
        out.put("variant", row.variant().name());
        out.put("documented", row.documented().name().toLowerCase(java.util.Locale.ROOT));
        out.put("hazards", row.hazards().stream().map(Enum::name).sorted().toList());
        out.put("cpus", row.cpus());
        if (row.scenario() != null) {
            out.put("scenario", row.scenario().name());
            out.put("layout", row.scenario().layout());
            out.put("ops", row.scenario().describeOps());
        } else {
            out.put("proof", row.proof().cpus() + "x" + row.proof().opsPerCpu());
            out.put("alphabet", row.proof().alphabet().toString());
            out.put("layout", row.proof().layout());
        }
        out.put("why", row.why());
        out.put("cites", row.cites());
        return out;
    }

    private static Map<String, Object> offer(Model m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name());
        out.put("title", m.title());
        List<Map<String, String>> ops = new ArrayList<>();
        for (Operation op : m.operations()) {
            ops.add(Map.of("name", op.name(), "argument", op.argument(), "description", op.description()));
        }
        out.put("operations", ops);
        out.put("layouts", m.layouts().stream().map(l -> Map.of("name", l.name(), "description", l.description())).toList());
        out.put("kernelFiles", m.kernelFiles().keySet().stream().map(Class::getName).sorted().toList());
        out.put("variants", m.variants().stream().map(v -> Map.of("name", v.name(), "title", v.title())).toList());
        out.put("proveAlphabet", m.proveAlphabet().toString());
        out.put("proveLayout", m.proveLayout());
        return out;
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
