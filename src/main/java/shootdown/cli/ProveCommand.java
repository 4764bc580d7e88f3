package shootdown.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shootdown.campaign.Hazards;
import shootdown.campaign.Models;
import shootdown.explore.BoundSearch;
import shootdown.cluster.ClusterKey;
import shootdown.cluster.ClusterMember;
import shootdown.cluster.ClusterProof;
import shootdown.explore.Budget;
import shootdown.explore.StopSignal;
import shootdown.explore.Counterexample;
import shootdown.machine.FlushMethod;
import shootdown.explore.Progress;
import shootdown.model.Model;
import shootdown.model.Operations;
import shootdown.model.Variant;
import shootdown.prove.Bound;
import shootdown.prove.ProofResult;
import shootdown.prove.ProofSpace;
import shootdown.prove.ProofText;
import shootdown.prove.Prover;
import shootdown.prove.ScenarioSpace;
import shootdown.report.Durations;
import shootdown.report.ReplayPaths;
import shootdown.report.TraceFormatter;

/** {@code shootdown prove}: exhaustive bounded verification, or a lock-removal certificate. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Explore every scenario within the bound (each CPU runs --ops operations from the model's "
                + "alphabet, or --alphabet; CPUs taken as interchangeable where the variant declares them so) and every "
                + "interleaving of each; or one "
                + "--scenario. Exit status: 0 proved, 1 refuted (the counterexample file is written), 2 bad usage, "
                + "3 inconclusive (budget spent), 5 could not run (model code broke a rule, the file could not be "
                + "written; with --check-footprints, a step touched more than its footprint declares).")
final class ProveCommand implements Callable<Integer> {
    /** Each CPU multiplies the states some 30-fold (2 to 3 to 4 CPUs: x24, x34): beyond this no budget helps. */
    static final int MAX_CPUS = 8;
    static final int MAX_OPS = 8;
    /** Scenarios a bound may have: each is explored (or kept in one search's books). */
    static final BigInteger MAX_SCENARIOS = BigInteger.valueOf(1_000_000);

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

    @Option(names = "--cpus", defaultValue = "2", description = "CPUs, 1 to " + MAX_CPUS + " (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--ops", defaultValue = "1",
            description = "Operations per CPU, 1 to " + MAX_OPS + " (default: ${DEFAULT-VALUE}).")
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
            description = "Time budget, at least 1 (default: ${DEFAULT-VALUE}); out of budget is INCONCLUSIVE.")
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

    @Option(names = "--check-footprints",
            description = "First search the bound recording what every step really reads and writes on the machine, "
                    + "and stop (exit 5) naming the step and the part if one touches more than its declared footprint "
                    + "(the footprints partial-order reduction trusts).")
    boolean checkFootprints;

    @Option(names = "--cluster",
            description = "Run the search over a Hazelcast cluster: this process is a member, `./shootdown worker` "
                    + "processes (here or on --join hosts) are the others. See docs/cluster.md.")
    boolean cluster;

    @Option(names = "--members", defaultValue = "1", paramLabel = "N",
            description = "With --cluster: wait (up to 60 s) until N members have joined (default: ${DEFAULT-VALUE}).")
    int members;

    @picocli.CommandLine.Mixin
    ClusterFlags clusterFlags;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the counterexample file goes (default: reports/prove-<date-time>).")
    Path out;

    @Option(names = "--width", defaultValue = "" + TraceFormatter.DEFAULT_WIDTH, paramLabel = "N",
            description = "The widest line of the drawn trace (default: ${DEFAULT-VALUE}, what a commit message holds).")
    int width;

    @Option(names = "--json", description = "Print the answer as JSON instead of text.")
    boolean json;

    @Mixin
    Verbosity verbosity;

    /** Set while a proof runs: SIGTERM or Ctrl-C stops its search, which then answers (see AnswerOnSignal). */
    private StopSignal signal = StopSignal.NEVER;

    @Override
    public Integer call() {
        verbosity.check();
        Limits.atLeast("--budget", budgetSeconds, 1);
        if (maxStates != null) Limits.atLeast("--max-states", maxStates, 1);
        Limits.width(width);
        Model model = Models.named(modelName);
        ProofSpace space = (hazards == null ? space(model) : space(model).counting(Hazards.parse(hazards)))
                .flushing(FlushMethod.parse(flush));
        BigInteger scenarios = ScenarioSpace.count(space);
        if (scenarios.compareTo(MAX_SCENARIOS) > 0) {
            throw new IllegalArgumentException("the bound " + space.bound() + " from " + space.alphabet().size()
                    + " operations has " + String.format(Locale.ROOT, "%,d", scenarios) + " scenarios; prove checks at "
                    + "most " + String.format(Locale.ROOT, "%,d", MAX_SCENARIOS) + " (lower --cpus or --ops, or give a "
                    + "shorter --alphabet)");
        }
        Path dir = ReportDirs.writable(out != null ? out : ReportDirs.byDefault(
                "prove-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))), false);
        try (AnswerOnSignal onSignal = new AnswerOnSignal()) {
            signal = onSignal.signal();
            Budget budget = budget();
            Prover prover = new Prover(space, budget, !noReduction);
            if (!verbosity.quiet && !json) prover = prover.reportingTo(ProofProgress.onStderr(), ProofProgress.everyMillis());
            if (checkFootprints) checkFootprints(model, space);
            try (ClusterMember member = cluster ? startMember(budget.threads()) : null) {
                if (member != null) prover.searchingWith(ClusterProof.searcher(member));
                int code = prove(model, prover, dir);
                onSignal.answered(code);
                return code;
            }
        }
    }

    private ClusterMember startMember(int threads) {
        if (compare != null || scenario != null) {
            throw new IllegalArgumentException("--cluster runs proofs of a bound (not --compare, not --scenario)");
        }
        if (members < 1) throw new IllegalArgumentException("--members must be at least 1");
        ClusterMember member = ClusterMember.start(clusterFlags.options(threads), ClusterKey.load(),
                clusterFlags.joinGiven(), clusterFlags.joinWaitSeconds * 1000L);
        if (!member.awaitMembers(members, 60_000)) {
            int joined = member.memberAddresses().size();
            member.close();
            throw new IllegalArgumentException("only " + joined + " of " + members + " cluster members joined within 60 s");
        }
        if (!verbosity.quiet && !json) System.err.println("cluster: " + String.join(", ", member.memberAddresses()));
        return member;
    }

    private Integer prove(Model model, Prover prover, Path dir) {
        ProofResult result;
        if (compare != null) {
            Variant locked = Questions.named(model, compare.get(0), base);
            Variant unlocked = compare.size() == 2 ? Questions.named(model, compare.get(1), base)
                    : Questions.variant(model, variant, variantFile, base);
            result = prover.compare(locked, unlocked);
        } else {
            result = prover.prove(Questions.variant(model, variant, variantFile, base));
        }
        Path file = null;
        if (result.status() == ProofResult.Status.REFUTED) {
            file = dir.resolve(model.name() + "-" + result.variant().name() + ".txt").toAbsolutePath();
            ReportDirs.write(file, ProofText.replayFile(result, file, width));
        }
        if (json) {
            Json.print(json(result, file));
        } else {
            if (!verbosity.quiet) System.out.print(ProofText.summary(result, width));
            if (verbosity.verbose && result.counterexample() != null) {
                System.out.println("schedule in words: "
                        + shootdown.report.ScheduleWords.of(result.counterexample().schedule()));
            }
            if (file != null) {
                System.out.println((verbosity.quiet ? "" : "\n") + "counterexample: " + file);
                System.out.println("replay: " + ReplayPaths.command(file));
            }
            System.out.println(lastLine(result));
        }
        return result.status().exitCode;
    }

    /** One search over the bound with footprint checking on; a step that touches more stops it (exit 5). */
    private void checkFootprints(Model model, ProofSpace space) {
        if (space.only() != null) throw new IllegalArgumentException("--check-footprints checks a bound, not one --scenario");
        List<Variant> variants = new java.util.ArrayList<>();
        if (compare != null) for (String name : compare) variants.add(Questions.named(model, name, base));
        if (compare == null || compare.size() == 1) variants.add(Questions.variant(model, variant, variantFile, base));
        for (Variant v : variants) {
            BoundSearch.Result r = BoundSearch.run(v, space.alphabet(), space.layout(), space.bound().cpus(),
                    space.bound().opsPerCpu(), space.counted(), space.flush(), budget(), !noReduction, true,
                    Progress.NONE, 0);
            if (!json) System.out.println("footprints:    " + v.name() + ": every step of " + r.states() + " states touched only "
                    + "what it declares" + (r.exhausted() ? "" : " (" + r.stopReason() + ": not the whole bound)"));
        }
    }

    private Budget budget() {
        if (threads != null) Limits.atLeast("--threads", threads, 1);
        Budget budget = new Budget(maxStates != null ? maxStates : Long.MAX_VALUE, budgetSeconds * 1000)
                .withThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors()).stoppedBy(signal);
        return maxMemory != null ? budget.withMaxBytes(maxMemory) : budget;
    }

    /** e.g. "PROVED: cpa mainline, 2 CPUs x 1 operation, 10 of 10 scenarios, 1,212 states, in 0.8 s". */
    private static String lastLine(ProofResult r) {
        return r.status() + ": " + r.model() + " " + r.variant().name()
                + (r.isCertificate() ? " against " + r.lockedVariant().name() : "") + ", " + r.bound() + ", "
                + r.scenariosExplored() + " of " + r.scenarios() + " scenarios exhausted, "
                + String.format(Locale.ROOT, "%,d", r.states()) + " states, in "
                + Durations.human(Duration.ofMillis(r.millis()));
    }

    private static Map<String, Object> json(ProofResult r, Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status().name());
        out.put("model", r.model());
        out.put("variant", r.variant().name());
        if (r.isCertificate()) out.put("lockedVariant", r.lockedVariant().name());
        out.put("cpus", r.bound().cpus());
        out.put("opsPerCpu", r.bound().opsPerCpu());
        out.put("space", r.space().describe());
        out.put("scenarios", r.scenarios());
        out.put("scenariosExhausted", r.scenariosExplored());
        out.put("transitions", r.transitions());
        out.put("states", r.states());
        out.put("millis", r.millis());
        out.put("stopReason", r.stopReason());
        out.put("reduced", r.reduced());
        out.put("assumptions", r.assumptions());
        out.put("notes", r.notes());
        if (r.witnessScenario() != null) out.put("scenario", r.witnessScenario().describeOps());
        Counterexample c = r.counterexample();
        if (c != null) {
            out.put("hazard", c.hazard());
            out.put("schedule", c.schedule());
            out.put("trace", c.trace());
        }
        if (r.onlyUnlocked() != null) out.put("onlyUnlockedOutcome", r.onlyUnlocked());
        if (file != null) {
            out.put("counterexampleFile", file.toString());
            out.put("replay", ReplayPaths.command(file));
        }
        return out;
    }

    private ProofSpace space(Model model) {
        if (scenario != null) {
            if (alphabet != null) throw new IllegalArgumentException("give --scenario or --alphabet, not both");
            return ProofSpace.of(model, Questions.scenario(model, scenario, layout));
        }
        Limits.between("--cpus", cpus, 1, MAX_CPUS);
        Limits.between("--ops", ops, 1, MAX_OPS);
        if (layout != null) Operations.requireLayout(model, layout);
        return new ProofSpace(model, alphabet != null ? Questions.alphabet(model, alphabet) : model.proveAlphabet(),
                layout != null ? layout : model.proveLayout(), new Bound(cpus, ops));
    }
}
