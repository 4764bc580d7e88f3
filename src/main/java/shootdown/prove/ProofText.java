package shootdown.prove;

import java.nio.file.Path;
import java.util.List;
import shootdown.explore.Counterexample;
import shootdown.report.ReplayPaths;
import shootdown.report.ReplaySpec;
import shootdown.report.TraceFormatter;

/** A proof's answer as a reviewer reads it, and the replayable counterexample file. */
public final class ProofText {
    private ProofText() {
    }

    public static String summary(ProofResult r) {
        return summary(r, TraceFormatter.DEFAULT_WIDTH);
    }

    /** @param width the widest line of the counterexample's drawing */
    public static String summary(ProofResult r, int width) {
        StringBuilder out = new StringBuilder();
        String what = r.isCertificate()
                ? "lock-removal certificate: " + r.variant() + " against " + r.lockedVariant()
                : "proof of " + r.variant();
        String verdict = switch (r.status()) {
            case PROVED -> r.isCertificate() ? "ACCEPTED (PROVED within bound)" : "PROVED within bound";
            case REFUTED -> r.isCertificate() ? "REJECTED (REFUTED)" : "REFUTED";
            case INCONCLUSIVE -> "INCONCLUSIVE";
        };
        out.append(r.model()).append(' ').append(what).append(": ").append(verdict).append('\n');
        out.append("  bound:       ").append(r.bound()).append(", ").append(r.space().describe()).append('\n');
        out.append("  scenarios:   ").append(r.scenariosExplored()).append(" of ").append(r.scenarios())
                .append(r.symmetric() ? " exhausted (" + r.naiveScenarios() + " before folding CPU symmetry)"
                        : " exhausted (CPUs numbered: the variant does not declare them interchangeable)");
        if (r.oneSearch()) {
            boolean early = r.status() == ProofResult.Status.INCONCLUSIVE;
            out.append(early ? ", in one search that stopped early" : ", in one search");
            out.append("\n               (each CPU picks its next operation inside the search").append(r.symmetric()
                    ? "; states that differ only\n               by which CPU is which are one state)" : ")");
        }
        out.append('\n');
        out.append("  explored:    ").append(r.transitions()).append(" transitions, ").append(r.states())
                .append(" distinct states, ").append(r.millis()).append(" ms (").append(r.stopReason()).append(")\n");
        if (r.tableBytes() > 0) out.append(memory(r.states(), r.tableBytes(), shootdown.explore.Budget.FINGERPRINT_BITS));
        boolean fellBack = r.notes().stream().anyMatch(n -> n.startsWith("explored without partial-order reduction"));
        out.append("  reduction:   ").append(r.reduced() && !fellBack
                ? "partial-order (persistent sets over step footprints and the model's locking rules)"
                : "none: every interleaving of machine steps" + (fellBack ? " (see the note)" : "")).append('\n');
        out.append("  machine:     ").append(r.space().flush().describe()).append('\n');
        out.append("  assumptions: ").append(r.assumptions()).append('\n');
        for (String note : r.notes()) out.append("  note:        ").append(note).append('\n');
        if (r.space().counted() != null) {
            out.append("  hazards:     only ").append(r.space().counted().stream().map(Enum::name).sorted().toList())
                    .append(" count; the other hazards were not checked\n");
        }
        if (r.status() == ProofResult.Status.INCONCLUSIVE && shootdown.explore.StopSignal.signalled(r.stopReason())) {
            out.append("  the search was stopped before the space was covered: nothing is proved; what is above\n")
                    .append("  is what it had covered\n");
        } else if (r.status() == ProofResult.Status.INCONCLUSIVE) {
            out.append("  the search stopped before the space was covered: nothing is proved; raise --budget,\n")
                    .append("  --max-states or --max-memory (and the JVM's -Xmx with it)\n");
        }
        if (r.witnessScenario() != null) {
            out.append("  scenario:    ").append(r.witnessScenario().describeOps()).append('\n');
        }
        Counterexample c = r.counterexample();
        if (c != null) {
            out.append("  shortest counterexample: ").append(c.schedule().size()).append(" steps, ")
                    .append(c.contextSwitches()).append(" context switches\n\n");
            out.append(TraceFormatter.format(r.witnessScenario(), c.trace(), c.hazard(), width));
        }
        if (r.onlyUnlocked() != null) {
            out.append("  an outcome only ").append(r.variant()).append(" reaches (").append(r.lockedVariant())
                    .append(" never does):\n");
            for (String line : r.onlyUnlocked().split("\n")) out.append("    ").append(line).append('\n');
            out.append('\n').append(TraceFormatter.format(r.witnessScenario(), r.onlyUnlockedTrace(), null, width));
        }
        return out.toString();
    }

    /**
     * The visited-state table's size and what its fingerprints risk: two distinct states with one
     * fingerprint would merge, and the second's successors might go unexplored. Treating the
     * fingerprint as a random function of b bits, some pair of n states collides with probability
     * at most n(n-1)/2 of 2^b, which is below n^2 / 2^(b+1).
     */
    public static String memory(long states, long tableBytes, int bits) {
        double collision = Math.pow(states, 2) / Math.pow(2, bits + 1);
        return String.format(java.util.Locale.ROOT, "  memory:      visited-state table %d MB, %.1f bytes a state;"
                + " %d-bit fingerprints,%n               so some two states were merged with probability"
                + " below %.1e%n", tableBytes >> 20, (double) tableBytes / Math.max(1, states), bits, collision);
    }

    /** The counterexample file: the summary, then the lines {@code shootdown replay} reads. */
    public static String replayFile(ProofResult r, Path file, int width) {
        List<Integer> schedule = r.counterexample() != null ? r.counterexample().schedule() : r.onlyUnlockedSchedule();
        StringBuilder out = new StringBuilder(summary(r, width));
        out.append('\n').append(ReplaySpec.scheduleLines(schedule, width));
        out.append(ReplaySpec.of(r.variant(), r.witnessScenario(), schedule).text(width));
        if (r.counterexample() == null) out.append(ReplaySpec.ENDS_CLEANLY).append('\n');
        String command = "replay: " + ReplayPaths.command(file);
        out.append(command.length() <= width ? command + "\n"
                : "replay: " + ReplayPaths.launcher() + " replay \\\n" + file.toAbsolutePath().normalize() + "\n");
        return out.toString();
    }
}
