package shootdown.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import shootdown.machine.RuleBroken;
import shootdown.model.VariantFile;

/** The {@code ./shootdown} command line. */
@Command(name = "shootdown", mixinStandardHelpOptions = true, version = "shootdown 0.1",
        description = "Model-checked concurrency verifier for Linux memory-management fast paths.",
        subcommands = {CampaignCommand.class, ProveCommand.class, ReplayCommand.class, BenchCommand.class,
                ListCommand.class, WorkerCommand.class},
        footer = {"", "Exit status (every command):",
                "  0  done: proved (prove), reproduced (replay), every check ran (campaign)",
                "  1  refuted: prove found a counterexample",
                "  2  bad usage: an unknown command, option, model, variant, id or engine; a",
                "     value out of range; an input file that is not what the command reads; a",
                "     report directory that is in the way",
                "  3  inconclusive: prove's budget ran out before the bound was covered",
                "  4  changed: campaign --check-reference found a verdict that changed, or",
                "     replay no longer reproduces what the trace file records",
                "  5  could not run: a check could not run (ERROR), model code broke a rule, or",
                "     a file could not be written"})
public final class Main {
    public static final int OK = 0;
    /** prove: a counterexample. */
    public static final int REFUTED = 1;
    /** Bad usage: unknown names or options, values out of range, input files that are not what they should be. */
    public static final int USAGE = 2;
    /** prove: the budget ran out first. */
    public static final int INCONCLUSIVE = 3;
    /** Something recorded changed: a verdict against the reference ledger, a counterexample that no longer replays. */
    public static final int CHANGED = 4;
    /** The work could not be done: a check could not run, model code broke a rule, a file could not be written. */
    public static final int COULD_NOT_RUN = 5;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, given) -> {
            // One line, and where to look; not the whole usage text.
            CommandLine where = e.getCommandLine();
            where.getErr().println("shootdown: " + e.getMessage());
            String command = where.getCommandSpec().qualifiedName(" ").replaceFirst("^shootdown ?", "");
            where.getErr().println("try: ./shootdown " + (command.isEmpty() ? "" : command + " ") + "--help");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof VariantFile.Rejected) { // the compiler's or the rules' file:line messages, as they are
                line.getErr().println(e.getMessage());
                return USAGE;
            }
            if (e instanceof IllegalArgumentException) {
                line.getErr().println("shootdown: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof RuleBroken || e instanceof shootdown.explore.FootprintExceeded) {
                line.getErr().println("shootdown: stopped: " + e.getMessage());
                return COULD_NOT_RUN;
            }
            if (e instanceof CouldNotRun || e instanceof UncheckedIOException) {
                line.getErr().println("shootdown: " + e.getMessage()
                        + (e.getCause() != null && e instanceof UncheckedIOException ? ": " + reason(e.getCause()) : ""));
                return COULD_NOT_RUN;
            }
            // Not a case we know: one line, and the stack trace only when asked for.
            line.getErr().println("shootdown: could not run: " + e);
            if (Boolean.getBoolean("shootdown.stacktrace")) e.printStackTrace(line.getErr());
            else line.getErr().println("(run with JAVA_TOOL_OPTIONS=-Dshootdown.stacktrace=true for the stack trace)");
            return COULD_NOT_RUN;
        });
        return cli.execute(args);
    }

    /** An I/O failure in the words of the system ("Permission denied"), not the exception class. */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
