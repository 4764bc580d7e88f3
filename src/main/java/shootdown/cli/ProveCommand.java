package shootdown.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shootdown.explore.Budget;
import shootdown.model.Model;
import shootdown.model.Models;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofText;
import shootdown.prove.Prover;

/** {@code shootdown prove}: exhaustive bounded verification, or a lock-removal certificate. */
@Command(name = "prove", description = "Explore every scenario within the bound (each CPU runs --ops operations "
        + "from the model's alphabet; CPUs are interchangeable) and every interleaving of each. Exit status: "
        + "0 proved, 1 refuted, 3 inconclusive (budget spent), 2 bad usage.")
final class ProveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "The model, e.g. cpa.")
    String modelName;

    @ArgGroup(multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--variant", paramLabel = "V", description = "Prove that V breaks no invariant.")
        String variant;

        @Option(names = "--compare", arity = "2", paramLabel = "V",
                description = "V_LOCKED V_UNLOCKED: accept V_UNLOCKED only if it breaks no invariant and reaches "
                        + "no outcome V_LOCKED cannot reach.")
        List<String> compare;
    }

    @Option(names = "--cpus", defaultValue = "2", description = "CPUs (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--ops", defaultValue = "1", description = "Operations per CPU (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--budget", defaultValue = "300", paramLabel = "SECONDS",
            description = "Time budget (default: ${DEFAULT-VALUE}); out of budget is INCONCLUSIVE.")
    long budgetSeconds;

    @Option(names = "--max-states", defaultValue = "5000000", description = "State budget (default: ${DEFAULT-VALUE}).")
    long maxStates;

    @Option(names = "--no-reduction",
            description = "Explore every interleaving of machine steps, without partial-order reduction.")
    boolean noReduction;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the counterexample file goes (default: reports/prove-<date-time>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Model model = Models.named(modelName);
        Prover prover = new Prover(model, new Bound(cpus, ops), new Budget(maxStates, budgetSeconds * 1000),
                !noReduction);
        ProofResult result = mode.variant != null
                ? prover.prove(Models.variant(model, mode.variant))
                : prover.compare(Models.variant(model, mode.compare.get(0)), Models.variant(model, mode.compare.get(1)));
        System.out.print(ProofText.summary(result));
        if (result.status() == ProofResult.Status.REFUTED) {
            Path dir = out != null ? out : Paths.get("reports",
                    "prove-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(dir);
            Path file = dir.resolve(model.name() + "-" + result.variant() + ".txt");
            Files.writeString(file, ProofText.replayFile(result, file.toString()));
            System.out.println("\ncounterexample: " + file + "\nreplay: ./shootdown replay " + file);
        }
        return result.status().exitCode;
    }
}
