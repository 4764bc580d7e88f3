package shootdown.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

/**
 * The rows of the swimlane diagram: one per step with the step in its CPU's lane, the IPI
 * arrows, the TLB entries where they change, the state after the step, and the hazard where it
 * arises. The template only lays them out.
 */
final class SwimlaneRows {
    /** Exactly one of the three is set. */
    record Row(Step step, Pending pendingIpi, HazardView hazardBanner) {
    }

    /** One step; {@code tlbBand} (one cell per lane) is null when no TLB changed. */
    record Step(int step, String anchor, boolean hazardStep, int rowspan, List<Cell> cells, State state,
                List<Cell> tlbBand) {
        boolean showsTlbs() {
            return tlbBand != null;
        }
    }

    /** An IPI sent before the hazard that its target never took. */
    record Pending(List<Cell> cells, String note) {
    }

    /** A lane (or, for an arrow, several lanes) of one row. */
    record Cell(int colspan, String css, Card card, Arrow arrow, String hazardMark, List<TlbBand.Box> tlbs) {
        static Cell empty(int lane) {
            return new Cell(1, SwimlaneView.laneCss(lane), null, null, null, List.of());
        }
    }

    record Card(String function, String action, List<Badge> badges, boolean hazard, String hazardMark,
                boolean ghost) {
    }

    record Badge(String text, String css) {
    }

    /**
     * An SVG arrow from the sender's lane to the target's; coordinates are percentages of its cell.
     * The label is short enough for half a lane; the tooltip says what the IPI runs.
     */
    record Arrow(int from, int to, String x1, String x2, String labelX, String label, String tooltip,
                 boolean pending) {
    }

    record State(String cpu, List<String> locks, boolean noLock, TouchedEntry touched, List<String> unchangedTlbs) {
        boolean anyUnchangedTlbs() {
            return !unchangedTlbs.isEmpty();
        }
    }

    private final int lanes;
    private final Hazard hazard;
    private final IpiLedger ipis = new IpiLedger();
    private final TlbBand tlbs;
    private final Set<Integer> anchored = new HashSet<>();

    private SwimlaneRows(int lanes, Hazard hazard) {
        this.lanes = lanes;
        this.hazard = hazard;
        this.tlbs = new TlbBand(lanes);
    }

    static List<Row> of(List<TraceEvent> events, Hazard hazard, int lanes) {
        return new SwimlaneRows(lanes, hazard).rows(events);
    }

    private List<Row> rows(List<TraceEvent> events) {
        int hazardIndex = hazardIndex(events);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            rows.add(new Row(step(events.get(i), i == hazardIndex), null, null));
            if (i == hazardIndex) closeWithHazard(rows);
        }
        if (hazard != null && hazardIndex < 0) closeWithHazard(rows);
        return rows;
    }

    /** The IPIs still on their way when the hazard arose, then the hazard itself. */
    private void closeWithHazard(List<Row> rows) {
        List<IpiLedger.Ipi> pending = ipis.pending();
        for (IpiLedger.Ipi ipi : pending) rows.add(new Row(null, pending(ipi), null));
        rows.add(new Row(null, null, HazardView.of(hazard, pending)));
    }

    private Step step(TraceEvent e, boolean hazardStep) {
        int actor = lane(e.cpu());
        Optional<IpiLedger.Ipi> taken = ipis.record(e);
        Integer from = taken.filter(ipi -> ipi.sender() >= 0 && ipi.sender() < lanes && ipi.sender() != actor)
                .map(IpiLedger.Ipi::sender).orElse(null);
        Arrow arrow = from == null ? null : arrow(from, actor, taken.get(), false);
        // The marker goes in the victim's lane, or on the card when that lane is taken.
        int victim = hazardStep ? hazard.cpu() : -1;
        boolean laneFree = victim >= 0 && victim < lanes && victim != actor
                && (arrow == null || victim < Math.min(from, actor) || victim > Math.max(from, actor));
        boolean markOnCard = hazardStep && !laneFree;
        Card card = new Card(function(e), e.action(), badges(e), markOnCard, markOnCard ? mark() : null, false);
        List<Cell> cells = cells(actor, card, arrow, laneFree ? victim : -1);
        List<Cell> band = tlbCells(e, hazardStep);
        String anchor = anchored.add(e.step()) ? "step-" + e.step() : null;
        return new Step(e.step(), anchor, hazardStep, band == null ? 1 : 2, cells, state(e, band != null), band);
    }

    private Pending pending(IpiLedger.Ipi ipi) {
        int target = lane(ipi.target());
        String note = "CPU" + ipi.target() + " has not taken the IPI CPU" + ipi.sender() + " sent at step "
                + ipi.sentAt() + (ipi.work().isEmpty() ? "" : " (" + ipi.work() + ")");
        Card ghost = new Card(null, "IPI not taken yet", List.of(), false, null, true);
        boolean drawable = ipi.sender() >= 0 && ipi.sender() < lanes && ipi.sender() != target;
        Arrow arrow = drawable ? arrow(ipi.sender(), target, ipi, true) : null;
        return new Pending(cells(target, ghost, arrow, -1), note);
    }

    /**
     * The lanes of a row: the card in the actor's lane; an arrow merges the lanes from the
     * sender's up to the actor's into one cell so that it can run across them.
     */
    private List<Cell> cells(int actor, Card card, Arrow arrow, int markedLane) {
        List<Cell> cells = new ArrayList<>();
        int lane = 0;
        while (lane < lanes) {
            if (arrow != null && arrow.from() < actor && lane == arrow.from()) {
                cells.add(new Cell(actor - arrow.from(), "arrow-cell", null, arrow, null, List.of()));
                lane = actor;
            } else if (lane == actor) {
                cells.add(new Cell(1, SwimlaneView.laneCss(lane) + " actor", card, null, null, List.of()));
                lane++;
                if (arrow != null && arrow.from() > actor) {
                    cells.add(new Cell(arrow.from() - actor, "arrow-cell", null, arrow, null, List.of()));
                    lane = arrow.from() + 1;
                }
            } else {
                cells.add(lane == markedLane
                        ? new Cell(1, SwimlaneView.laneCss(lane), null, null, mark(), List.of())
                        : Cell.empty(lane));
                lane++;
            }
        }
        return cells;
    }

    /** The arrow starts at the middle of the sender's lane and ends at the edge of the target's. */
    private static Arrow arrow(int from, int to, IpiLedger.Ipi ipi, boolean pending) {
        int span = Math.abs(from - to);
        double start = from < to ? 50.0 / span : 100 - 50.0 / span;
        double end = from < to ? 100 : 0;
        String label = ipi.sentAt() >= 0 ? "IPI sent at step " + ipi.sentAt() : "IPI";
        String tooltip = "IPI from CPU" + from + " to CPU" + to + (ipi.work().isEmpty() ? "" : ": " + ipi.work())
                + (pending ? ", not taken yet" : "");
        return new Arrow(from, to, percent(start), percent(end), percent((start + end) / 2), label, tooltip,
                pending);
    }

    private static List<Badge> badges(TraceEvent e) {
        List<Badge> badges = new ArrayList<>();
        List<Integer> targets = ActionText.ipiTargets(e.action());
        if (targets != null) {
            badges.add(new Badge(targets.isEmpty() ? "no IPI needed"
                    : "IPI \u2192 " + String.join(", ", targets.stream().map(t -> "CPU" + t).toList()), "ipi"));
        }
        if (ActionText.isIpiTaken(e.action())) badges.add(new Badge("takes IPI", "ipi"));
        if (ActionText.flushesHere(e.action())) badges.add(new Badge("flush", "flush"));
        if (ActionText.isWaitDone(e.action())) badges.add(new Badge("every target took the IPI", "done"));
        TouchedEntry.from(e.action()).filter(TouchedEntry::write).ifPresent(t -> badges.add(new Badge(
                "writes " + t.entry(), "write")));
        return badges;
    }

    /** The TLB row under the step, one cell per lane, or null when no TLB changed. */
    private List<Cell> tlbCells(TraceEvent e, boolean hazardStep) {
        List<List<TlbBand.Box>> perLane = tlbs.next(e, hazardStep ? hazard : null);
        if (perLane == null) return null;
        List<Cell> band = new ArrayList<>();
        for (int c = 0; c < lanes; c++) {
            band.add(new Cell(1, SwimlaneView.laneCss(c) + " tlb-cell", null, null, null, perLane.get(c)));
        }
        return band;
    }

    private State state(TraceEvent e, boolean tlbShown) {
        List<String> unchanged = tlbShown ? List.of() : List.copyOf(e.tlbNotes());
        return new State("CPU" + e.cpu(), List.copyOf(e.locksHeld()), e.locksHeld().isEmpty(),
                TouchedEntry.from(e.action()).orElse(null), unchanged);
    }

    private String mark() {
        return "\u26a0 " + hazard.kind().title + (hazard.cpu() >= 0 ? " on CPU" + hazard.cpu() : "");
    }

    /** An IPI runs in the target's interrupt context, whatever code delivered it. */
    private static String function(TraceEvent e) {
        String f = ActionText.isIpiTaken(e.action()) ? "<IPI>" : e.function();
        if (f == null || f.isEmpty()) return null;
        // Instructions (RMPUPDATE, PSMASH) and pseudo-frames (<IPI>) are not C functions.
        return f.startsWith("<") || f.equals(f.toUpperCase(Locale.ROOT)) ? f : f + "()";
    }

    private int lane(int cpu) {
        return Math.min(Math.max(0, cpu), lanes - 1);
    }

    /** The last recorded step at which the hazard arose, or -1 (quiescence, or no trace). */
    private int hazardIndex(List<TraceEvent> events) {
        if (hazard == null || hazard.step() < 0) return -1;
        for (int i = events.size() - 1; i >= 0; i--) if (events.get(i).step() == hazard.step()) return i;
        return -1;
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }
}
