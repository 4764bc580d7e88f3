package shootdown.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import shootdown.explore.Counterexample;
import shootdown.explore.Explorer;
import shootdown.report.ReplaySpec;
import shootdown.report.TraceFormatter;

/** {@code shootdown replay FILE}: run a counterexample's schedule again and print its trace. */
@Command(name = "replay", description = "Re-run the schedule of a trace file (from a campaign or a proof) "
        + "deterministically and print the same trace. Exits 0 if the hazard is reproduced, 1 if not.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A trace file with model/variant/layout/ops/schedule lines.")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such trace file: " + file);
        String text = Files.readString(file);
        ReplaySpec spec = ReplaySpec.parse(text);
        Explorer explorer = new Explorer(spec.resolve(), spec.scenario());
        if (ReplaySpec.endsCleanly(text)) {
            Explorer.CleanRun run = explorer.replayClean(spec.schedule());
            System.out.println("replayed " + spec.schedule().size() + " steps of " + spec.model() + "/"
                    + spec.variant() + ": " + spec.ops() + "\n");
            System.out.print(TraceFormatter.format(spec.scenario(), run.trace(), null));
            System.out.println("\nfinal outcome:\n" + run.outcome().indent(2));
            return 0;
        }
        Counterexample again;
        try {
            again = explorer.replay(spec.schedule());
        } catch (IllegalStateException e) {
            System.out.println("not reproduced: " + e.getMessage());
            return 1;
        }
        System.out.println("replayed " + spec.schedule().size() + " steps of " + spec.model() + "/" + spec.variant()
                + ": " + spec.ops());
        System.out.println();
        System.out.print(TraceFormatter.format(spec.scenario(), again.trace(), again.hazard()));
        return 0;
    }
}
