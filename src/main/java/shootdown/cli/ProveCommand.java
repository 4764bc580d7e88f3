package shootdown.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shootdown.campaign.Hazards;
import shootdown.campaign.Models;
import shootdown.explore.Budget;
import shootdown.machine.FlushMethod;
import shootdown.model.Model;
import shootdown.model.Operations;
import shootdown.model.Variant;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofSpace;
import shootdown.prove.ProofText;
import shootdown.prove.Prover;

/** {@code shootdown prove}: exhaustive bounded verification, or a lock-removal certificate. */
@Command(name = "prove", description = "Explore every scenario within the bound (each CPU runs --ops operations "
        + "from the model's alphabet, or --alphabet; CPUs are interchangeable) and every interleaving of each; or "
        + "one --scenario. Exit status: 0 proved, 1 refuted, 3 inconclusive (budget spent), 2 bad usage.")
final class ProveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "The model: cpa, snp, mmu or wb.")
    String modelName;

    @Option(names = "--variant", paramLabel = "V", description = "A built-in variant, by name or catalogue id.")
    String variant;

    @Option(names = "--variant-file", paramLabel = "FILE",
            description = "Your variant: a Java file whose classes extend the model's kernel files (see examples/).")
    Path variantFile;

    @Option(names = "--base", paramLabel = "V",
            description = "With --variant-file: the built-in variant it changes (default: the model's mainline).")
    String base;

    @Option(names = "--compare", arity = "1..2", paramLabel = "V",
            description = "V_LOCKED [V_UNLOCKED]: accept V_UNLOCKED (or --variant-file) only if it breaks no "
                    + "invariant and reaches no outcome V_LOCKED cannot reach. Either may be a variant file (FILE.java).")
    List<String> compare;

    @Option(names = "--cpus", defaultValue = "2", description = "CPUs (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--ops", defaultValue = "1", description = "Operations per CPU (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--alphabet", paramLabel = "OPS",
            description = "The operations CPUs pick from, e.g. \"set_memory_ro(0x0),touch(0x1)\" (default: the "
                    + "model's; see list --ops MODEL).")
    String alphabet;

    @Option(names = "--layout", paramLabel = "L", description = "The boot layout (default: the model's; see list --ops).")
    String layout;

    @Option(names = "--scenario", paramLabel = "TEXT",
            description = "Prove one scenario instead of a bound: \"CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)\".")
    String scenario;

    @Option(names = "--hazards", paramLabel = "H1,H2",
            description = "Count only these hazards (e.g. H1 to ask whether the mixed-size conflict is gone); the "
                    + "model's invariants and deadlocks always count.")
    String hazards;

    @Option(names = "--budget", defaultValue = "300", paramLabel = "SECONDS",
            description = "Time budget (default: ${DEFAULT-VALUE}); out of budget is INCONCLUSIVE.")
    long budgetSeconds;

    @Option(names = "--max-states", paramLabel = "N",
            description = "State budget (default: none; memory bounds the search).")
    Long maxStates;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = MemorySize.class,
            description = "Memory the visited-state table may take, e.g. 2g (default: the JVM heap less a quarter).")
    Long maxMemory;

    @Option(names = "--threads", paramLabel = "N",
            description = "Search threads (default: every core).")
    Integer threads;

    @Option(names = "--flush", paramLabel = "ipi|invlpgb", defaultValue = "ipi",
            description = "How flush_tlb_all() reaches the other CPUs: by IPI, or by INVLPGB + TLBSYNC, which no "
                    + "interrupt flag holds back (default: ${DEFAULT-VALUE}).")
    String flush;

    @Option(names = "--no-reduction",
            description = "Explore every interleaving of machine steps, without partial-order reduction.")
    boolean noReduction;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the counterexample file goes (default: reports/prove-<date-time>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Model model = Models.named(modelName);
        ProofSpace space = (hazards == null ? space(model) : space(model).counting(Hazards.parse(hazards)))
                .flushing(FlushMethod.parse(flush));
        Prover prover = new Prover(space, budget(), !noReduction).reportingTo(ProofProgress.onStderr(),
                ProofProgress.everyMillis());
        ProofResult result;
        if (compare != null) {
            Variant locked = Questions.named(model, compare.get(0), base);
            Variant unlocked = compare.size() == 2 ? Questions.named(model, compare.get(1), base)
                    : Questions.variant(model, variant, variantFile, base);
            result = prover.compare(locked, unlocked);
        } else {
            result = prover.prove(Questions.variant(model, variant, variantFile, base));
        }
        System.out.print(ProofText.summary(result));
        if (result.status() == ProofResult.Status.REFUTED) {
            Path dir = out != null ? out : Paths.get("reports",
                    "prove-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(dir);
            Path file = dir.resolve(model.name() + "-" + result.variant().name() + ".txt").toAbsolutePath();
            Files.writeString(file, ProofText.replayFile(result, file.toString()));
            System.out.println("\ncounterexample: " + file + "\nreplay: ./shootdown replay " + file);
        }
        return result.status().exitCode;
    }

    private Budget budget() {
        if (budgetSeconds <= 0) throw new IllegalArgumentException("--budget must be a positive number of seconds");
        if (threads != null && threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
        if (maxStates != null && maxStates < 1) throw new IllegalArgumentException("--max-states must be at least 1");
        Budget budget = new Budget(maxStates != null ? maxStates : Long.MAX_VALUE, budgetSeconds * 1000)
                .withThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        return maxMemory != null ? budget.withMaxBytes(maxMemory) : budget;
    }

    private ProofSpace space(Model model) {
        if (scenario != null) {
            if (alphabet != null) throw new IllegalArgumentException("give --scenario or --alphabet, not both");
            return ProofSpace.of(model, Questions.scenario(model, scenario, layout));
        }
        if (layout != null) Operations.requireLayout(model, layout);
        return new ProofSpace(model, alphabet != null ? Questions.alphabet(model, alphabet) : model.proveAlphabet(),
                layout != null ? layout : model.proveLayout(), new Bound(cpus, ops));
    }
}
