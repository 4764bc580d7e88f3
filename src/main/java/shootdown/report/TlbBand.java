package shootdown.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

/**
 * The TLB row under a step: what each CPU's TLB may hold for the page, shown only when it
 * changed since last shown (and always at the hazard), so the eye goes to what moved.
 */
final class TlbBand {
    record Box(String label, List<Entry> entries) {
    }

    /** css: "added" since this TLB was last shown, "conflict" when it is part of the hazard, else "". */
    record Entry(String text, String css) {
    }

    private final int lanes;
    private final Map<String, List<String>> shown = new HashMap<>();

    TlbBand(int lanes) {
        this.lanes = lanes;
    }

    /**
     * The boxes of each lane for this step, or null when nothing changed.
     *
     * @param hazard the hazard when it arises at this step, else null
     */
    List<List<Box>> next(TraceEvent e, Hazard hazard) {
        if (e.tlbNotes().isEmpty()) return null;
        List<List<Box>> perLane = new ArrayList<>();
        for (int c = 0; c < lanes; c++) perLane.add(new ArrayList<>());
        List<TlbNote> notes = e.tlbNotes().stream().map(text -> TlbNote.parse(text, e.cpu())).toList();
        boolean changed = false;
        for (TlbNote note : notes) {
            List<String> before = shown.get(note.key());
            if (!note.entries().equals(before)) changed = true;
            boolean victim = hazard != null && note.cpu() == hazard.cpu();
            List<Entry> entries = new ArrayList<>();
            for (String entry : note.entries()) {
                String css = victim && inEvidence(hazard, entry) ? "conflict"
                        : before != null && !before.contains(entry) ? "added" : "";
                entries.add(new Entry(entry, css));
            }
            perLane.get(Math.min(Math.max(0, note.cpu()), lanes - 1)).add(new Box(note.label(), entries));
        }
        if (!changed && hazard == null) return null;
        for (TlbNote note : notes) shown.put(note.key(), note.entries());
        return perLane;
    }

    private static boolean inEvidence(Hazard hazard, String entry) {
        return hazard.evidence().stream().anyMatch(ev -> ev.equals(entry) || ev.endsWith(": " + entry));
    }
}
