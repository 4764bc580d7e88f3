package shootdown.cli;

import java.nio.file.Path;
import java.util.List;
import shootdown.campaign.Models;
import shootdown.model.Model;
import shootdown.model.Op;
import shootdown.model.Operations;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.model.Variant;
import shootdown.model.VariantFile;

/** What the command line asks about: a variant (built in, or the user's file) and a scenario. */
final class Questions {
    private Questions() {
    }

    /** A variant by name or catalogue id, or compiled from {@code file} over {@code base} (default: mainline). */
    static Variant variant(Model model, String name, Path file, String base) {
        if (file != null) {
            if (name != null) throw new IllegalArgumentException("give --variant or --variant-file, not both");
            Variant over = base == null ? model.variants().get(0) : Models.variant(model, base);
            return VariantFile.load(file, over);
        }
        if (base != null) throw new IllegalArgumentException("--base goes with --variant-file");
        if (name == null) throw new IllegalArgumentException("name a variant: --variant V or --variant-file FILE");
        return Models.variant(model, name);
    }

    /** A name, catalogue id, or the path of a variant file (ending in .java), over {@code base}. */
    static Variant named(Model model, String nameOrFile, String base) {
        if (nameOrFile.endsWith(".java")) return variant(model, null, Path.of(nameOrFile), base);
        return Models.variant(model, nameOrFile);
    }

    /** {@code --scenario "CPU0: op(page), ... | CPU1: ..."} on {@code layout} (default: the model's first). */
    static Scenario scenario(Model model, String text, String layout) {
        List<List<Op>> ops = ScenarioText.parseOps(text);
        Operations.check(model, ops);
        String boot = layout != null ? layout : model.layouts().get(0).name();
        Operations.requireLayout(model, boot);
        return new Scenario("command-line", boot, "the scenario given on the command line", ops);
    }

    /** {@code --alphabet "op(page), ..."}: every operation must be the model's. */
    static List<Op> alphabet(Model model, String text) {
        List<Op> ops = ScenarioText.parseList(text);
        Operations.check(model, List.of(ops));
        return ops;
    }
}
