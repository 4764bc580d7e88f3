package shootdown.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import shootdown.machine.RuleBroken;
import shootdown.model.VariantFile;

/** The {@code ./shootdown} command line. */
@Command(name = "shootdown", mixinStandardHelpOptions = true, version = "shootdown 0.1",
        description = "Model-checked concurrency verifier for Linux memory-management fast paths.",
        subcommands = {CampaignCommand.class, ProveCommand.class, ReplayCommand.class, BenchCommand.class, ListCommand.class})
public final class Main {
    /** Exit status for bad usage (unknown command, option, model, variant or id; a variant file that does not compile). */
    public static final int USAGE = 2;
    /** Exit status when a check could not run (model code broke a rule; a file could not be written). */
    public static final int COULD_NOT_RUN = 5;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof VariantFile.Rejected) { // the compiler's or the rules' file:line messages, as they are
                line.getErr().println(e.getMessage());
                return USAGE;
            }
            if (e instanceof IllegalArgumentException) {
                line.getErr().println("shootdown: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof RuleBroken) {
                line.getErr().println("shootdown: stopped: " + e.getMessage());
                return COULD_NOT_RUN;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
