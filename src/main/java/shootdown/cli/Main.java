package shootdown.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./shootdown} command line. */
@Command(name = "shootdown", mixinStandardHelpOptions = true, version = "shootdown 0.1",
        description = "Model-checked concurrency verifier for Linux memory-management fast paths.",
        subcommands = {CampaignCommand.class, ProveCommand.class, ReplayCommand.class, BenchCommand.class, ListCommand.class})
public final class Main {
    /** Exit status for bad usage (unknown command, option, model, variant or id). */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                line.getErr().println("shootdown: " + e.getMessage());
                return USAGE;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
