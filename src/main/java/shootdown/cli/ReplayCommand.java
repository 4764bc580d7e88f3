package shootdown.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shootdown.explore.Choice;
import shootdown.explore.Counterexample;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.model.Scenario;
import shootdown.report.ReplaySpec;
import shootdown.report.TraceFormatter;

/** {@code shootdown replay FILE}: run a counterexample's schedule again and print its trace. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-run the schedule of a trace file (from a campaign, a proof, Lincheck or a jcstress hit) "
                + "deterministically on the explorer and print the same trace. Exit status: 0 reproduced, 2 the file "
                + "is not a replayable trace (no schedule, CPUs or steps it cannot have), 4 not reproduced (the run "
                + "ends without the hazard: the model changed since), 5 could not run.")
final class ReplayCommand implements Callable<Integer> {
    /** How the explorer says a schedule asked for a move that was not possible. */
    private static final Pattern DIVERGED = Pattern.compile("schedule diverged at step (\\d+)");

    @Parameters(paramLabel = "FILE", description = "A trace file with model/variant/layout/ops/schedule lines.")
    Path file;

    @Option(names = "--width", defaultValue = "" + TraceFormatter.DEFAULT_WIDTH, paramLabel = "N",
            description = "The widest line of the drawn trace (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--json", description = "Print the replay as JSON (hazard, steps, trace) instead of text.")
    boolean json;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() throws IOException {
        verbosity.check();
        Limits.width(width);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such trace file: " + file);
        String text = Files.readString(file);
        ReplaySpec spec = ReplaySpec.parse(text);
        Scenario scenario = spec.scenario();
        checkCpus(spec.schedule(), scenario.cpus());
        Explorer explorer = new Explorer(spec.resolve(), scenario);
        if (ReplaySpec.endsCleanly(text)) return clean(spec, explorer);
        Counterexample again;
        try {
            again = explorer.replay(spec.schedule());
        } catch (IllegalStateException e) {
            Matcher diverged = DIVERGED.matcher(String.valueOf(e.getMessage()));
            if (diverged.find()) throw notAtThatPoint(spec.schedule(), Integer.parseInt(diverged.group(1)));
            if (String.valueOf(e.getMessage()).startsWith("schedule does not reproduce")) {
                System.out.println("not reproduced: the " + spec.schedule().size() + " steps of " + file
                        + " end without a hazard (has the model changed since the file was written?)");
                return Main.CHANGED;
            }
            throw e;
        }
        if (again.schedule().size() < spec.schedule().size()) {
            throw new IllegalArgumentException("the schedule has " + spec.schedule().size() + " steps but the run "
                    + "ends after " + again.schedule().size() + " (the hazard arose there): steps "
                    + (again.schedule().size() + 1) + " to " + spec.schedule().size() + " are beyond the trace");
        }
        Hazard h = again.hazard();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reproduced", true);
            out.put("model", spec.model());
            out.put("variant", spec.variant());
            out.put("ops", spec.ops());
            out.put("steps", again.schedule().size());
            out.put("hazard", h);
            out.put("trace", again.trace());
            Json.print(out);
            return Main.OK;
        }
        if (!verbosity.quiet) {
            System.out.println("replayed " + spec.schedule().size() + " steps of " + spec.model() + "/" + spec.variant()
                    + ": " + spec.ops() + "\n");
            System.out.print(TraceFormatter.format(scenario, again.trace(), h, width));
            System.out.println();
            if (verbosity.verbose) {
                System.out.println("schedule in words: " + shootdown.report.ScheduleWords.of(again.schedule()) + "\n");
            }
        }
        System.out.println("reproduced: " + h.kind().title + (h.step() >= 0 ? " at step " + h.step() : " at quiescence")
                + (h.cpu() >= 0 ? " on CPU" + h.cpu() : ""));
        return Main.OK;
    }

    /** A schedule that breaks no invariant but ends in an outcome only one variant reaches. */
    private int clean(ReplaySpec spec, Explorer explorer) {
        Explorer.CleanRun run = explorer.replayClean(spec.schedule());
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reproduced", true);
            out.put("steps", spec.schedule().size());
            out.put("outcome", run.outcome());
            out.put("trace", run.trace());
            Json.print(out);
            return Main.OK;
        }
        if (!verbosity.quiet) {
            System.out.println("replayed " + spec.schedule().size() + " steps of " + spec.model() + "/"
                    + spec.variant() + ": " + spec.ops() + "\n");
            System.out.print(TraceFormatter.format(spec.scenario(), run.trace(), null, width));
            System.out.println("\nfinal outcome:\n" + run.outcome().indent(2));
        }
        System.out.println("reproduced: the outcome, no hazard");
        return Main.OK;
    }

    /** Every choice must name a CPU of the scenario. */
    private static void checkCpus(List<Integer> schedule, int cpus) {
        for (int i = 0; i < schedule.size(); i++) {
            int choice = schedule.get(i);
            if (choice < 0 || Choice.cpu(choice) >= cpus || (Choice.isIpi(choice) && Choice.batch(choice) < 0)) {
                throw new IllegalArgumentException("step " + (i + 1) + " of the schedule (" + choice + ", "
                        + Choice.describe(choice) + ") names a CPU the scenario does not have: it has " + cpus
                        + " CPUs, CPU0 to CPU" + (cpus - 1));
            }
        }
    }

    private static IllegalArgumentException notAtThatPoint(List<Integer> schedule, int taken) {
        String what = taken < schedule.size() ? " (" + Choice.describe(schedule.get(taken)) + ")" : "";
        return new IllegalArgumentException("step " + (taken + 1) + " of the schedule" + what + " cannot be taken "
                + "there: that CPU has finished, waits for a lock or an IPI, or no such IPI is pending (an edited file, "
                + "or a model that changed since it was written)");
    }
}
