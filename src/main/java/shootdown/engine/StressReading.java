package shootdown.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.explore.Budget;
import shootdown.explore.Counterexample;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.stress.HitSchedules;
import shootdown.stress.SampleResult;
import shootdown.stress.StressGrade;

/**
 * One row's result from the outcome table of a jcstress run: its samples (those whose result
 * names the row), its hits by hazard and grade, a recorded hit replayed on the explorer (the
 * check's trace and schedule), and for each hazard seen the explorer's shortest counterexample
 * of that same hazard: a stress hit comes with its explanation.
 */
final class StressReading {
    /** The explorer's search for a hazard's shortest trace: rows are small, this is generous. */
    private static final Budget EXPLAIN = new Budget(2_000_000, 10_000);

    private final String engine;
    private final String sampling;
    private final Path schedules;
    private final Function<CatalogueRow, String> tests;

    /**
     * @param sampling  how the run sampled, in words (for every row's bound)
     * @param schedules the directory the tests wrote their shortest hits to
     * @param tests     the jcstress test that ran each row
     */
    StressReading(String engine, String sampling, Path schedules, Function<CatalogueRow, String> tests) {
        this.engine = engine;
        this.sampling = sampling;
        this.schedules = schedules;
        this.tests = tests;
    }

    CheckResult result(CatalogueRow row, Optional<JcstressOutput.TestResult> found, int exitCode, long millis,
                       String outputTail) {
        String test = tests.apply(row);
        if (found.isEmpty()) {
            return CheckResult.error(row.id(), engine, millis, "jcstress (exit code " + exitCode + ") reported no "
                    + "result for " + test + "; last lines of its output:\n" + outputTail);
        }
        JcstressOutput.TestResult tested = found.get();
        List<Line> lines = new ArrayList<>();
        for (JcstressOutput.Outcome o : tested.outcomes()) {
            SampleResult.parse(o.result(), row.id()).ifPresent(r -> lines.add(new Line(r, o.samples())));
        }
        long samples = lines.stream().mapToLong(Line::samples).sum();
        long hits = lines.stream().filter(l -> l.result().isHazard()).mapToLong(Line::samples).sum();
        String table = table(tested, row);
        if (!JcstressEngine.ran(tested.status())) {
            return stress(row, Verdict.ERROR, millis, samples, hits, table, "", "jcstress reported "
                    + tested.status() + " for " + test + " (see its messages in the appendix)", null, List.of());
        }
        if (lines.stream().anyMatch(l -> l.result().outcome().equals(SampleResult.RULE_BROKEN))) {
            return stress(row, Verdict.ERROR, millis, samples, hits, table, "", "model code broke a rule: run again "
                    + "alone with the values its steps returned, a CPU's code asked for other steps (the explorer "
                    + "names the step)", null, List.of());
        }
        if (samples == 0) {
            return stress(row, Verdict.ERROR, millis, 0, 0, table, "", "jcstress took no sample of " + row.id() + " in "
                    + test, null, List.of());
        }
        List<StressOutcome> outcomes = new ArrayList<>();
        Counterexample hit = null;
        Line main = mainHazard(lines);
        for (Line line : lines) {
            if (!line.result().isHazard()) {
                outcomes.add(new StressOutcome(line.result().outcome(), null, line.samples(), false, null, null, null));
                continue;
            }
            Hazard.Kind kind = Hazard.Kind.valueOf(line.result().outcome());
            Counterexample replayed = replayShortestHit(row, kind);
            if (line == main) hit = replayed;
            Counterexample shortest = explain(row, kind);
            outcomes.add(new StressOutcome(kind.name(), line.result().grade().word(), line.samples(), replayed != null,
                    shortest == null ? null : shortest.hazard(), shortest == null ? null : shortest.schedule(),
                    shortest == null ? null : shortest.trace()));
        }
        String bound = JcstressEngine.grouped(samples) + " samples on " + row.cpus() + " threads (" + sampling + "), "
                + (hits == 0 ? "no hazard seen" : "hazards seen: " + seen(lines))
                + (main != null && hit == null ? "; no recorded hit of " + main.result().outcome() + " replayed" : "");
        return stress(row, hits > 0 ? Verdict.REFUTED : Verdict.PASSED, millis, samples, hits, table, bound, null, hit,
                outcomes);
    }

    private record Line(SampleResult result, long samples) {
    }

    /** e.g. "H1_MIXED_SIZE_CONFLICT x 12 (expected)". */
    private static String seen(List<Line> lines) {
        List<String> parts = new ArrayList<>();
        for (Line l : lines) {
            if (l.result().isHazard()) {
                parts.add(l.result().outcome() + " x " + JcstressEngine.grouped(l.samples()) + " ("
                        + l.result().grade().word() + ")");
            }
        }
        return String.join(", ", parts);
    }

    /** The hazard the check is named by: the documented one if seen, else the one seen most. */
    private static Line mainHazard(List<Line> lines) {
        Comparator<Line> byGrade = Comparator.comparingInt(l -> l.result().grade() == StressGrade.EXPECTED ? 0 : 1);
        return lines.stream().filter(l -> l.result().isHazard())
                .min(byGrade.thenComparing(Comparator.comparingLong(Line::samples).reversed())).orElse(null);
    }

    /** The shortest recorded hit of {@code kind}, replayed on the explorer; null if none was recorded or it does not replay. */
    private Counterexample replayShortestHit(CatalogueRow row, Hazard.Kind kind) {
        String prefix = HitSchedules.fileName(row.id(), kind.name()) + ".";
        List<List<Integer>> recorded = new ArrayList<>();
        try (Stream<Path> files = Files.list(schedules)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(HitSchedules.SUFFIX)).toList()) {
                recorded.add(parse(Files.readString(file)));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        recorded.sort(Comparator.comparingInt(List::size));
        for (List<Integer> schedule : recorded) {
            try {
                Counterexample c = new Explorer(row.variant(), row.scenario()).replay(schedule);
                if (c.hazard().kind() == kind) return c;
            } catch (RuntimeException e) {
                // The next recorded hit may do; none doing is reported in the bound.
            }
        }
        return null;
    }

    private static List<Integer> parse(String text) {
        List<Integer> out = new ArrayList<>();
        for (String choice : text.strip().split(",")) if (!choice.isBlank()) out.add(Integer.parseInt(choice.trim()));
        return out;
    }

    /** The explorer's shortest counterexample of this hazard on the row's scenario, or null if it does not reach it. */
    private static Counterexample explain(CatalogueRow row, Hazard.Kind kind) {
        try {
            Explorer explorer = new Explorer(row.variant(), row.scenario().counting(Set.of(kind)));
            Exploration e = explorer.explore(EXPLAIN);
            if (!e.refuted()) return null;
            Counterexample shortest = explorer.shortest(e.counterexample(), EXPLAIN);
            return shortest.hazard().kind() == kind ? shortest : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The row's part of jcstress's summary of the test: status line, header, the row's own lines, messages. */
    private static String table(JcstressOutput.TestResult tested, CatalogueRow row) {
        List<String> out = new ArrayList<>();
        for (String line : tested.text().lines().toList()) {
            if (!JcstressOutput.isTableRow(line) || line.strip().startsWith(row.id() + " ")) out.add(line);
        }
        return String.join("\n", out).strip();
    }

    private CheckResult stress(CatalogueRow row, Verdict verdict, long millis, long samples, long hits, String table,
                               String bound, String error, Counterexample hit, List<StressOutcome> outcomes) {
        return new CheckResult(row.id(), engine, verdict, false, 0, 0, millis, -1,
                hit == null ? null : hit.hazard(), hit == null ? List.of() : hit.trace(),
                hit == null ? List.of() : hit.schedule(), table, samples, hits, bound, error, null, outcomes);
    }
}
