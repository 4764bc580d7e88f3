package shootdown.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.Scenario;

/**
 * Draws a counterexample the way races are drawn on LKML: a column per CPU, one line per step
 * with the kernel function and its action, the locks held, the TLB entries where they change,
 * and the hazard marked where it arises. Pure: the same input always gives the same text.
 */
public final class TraceFormatter {
    /** Every line fits in this many columns unless asked otherwise (see {@link ColumnLayout#DEFAULT_WIDTH}). */
    public static final int DEFAULT_WIDTH = ColumnLayout.DEFAULT_WIDTH;

    // Shapes of the machine's own trace text (MachineCore); if they change, the drawing only loses detail.
    private static final Pattern CPU_NOTE = Pattern.compile("^CPU(\\d+) (.*?): (.*)$");
    private static final Pattern PAGE_TABLE_WRITE = Pattern.compile("\\) was ");
    private static final Pattern IPI_SENT = ActionText.IPI_SENT;
    private static final Pattern IPI_TAKEN = ActionText.IPI_TAKEN;

    private static final String LEGEND = "Each numbered line is one atomic step of the simulated machine, in the "
            + "column of the CPU that takes it, under the kernel function it runs in. [..] lists the locks held "
            + "after the step. Indented TLB lines show what each CPU may hold for the page, printed only when it "
            + "changed: the hardware may use any of those entries.";

    private TraceFormatter() {
    }

    /** {@link #format(Scenario, List, Hazard, int)} in the default width. */
    public static String format(Scenario scenario, List<TraceEvent> events, Hazard hazard) {
        return format(scenario, events, hazard, DEFAULT_WIDTH);
    }

    /**
     * The key steps, the columns and the hazard: everything a reviewer needs to follow the race,
     * every line at most {@code width} columns wide (for up to three CPUs at the default width).
     */
    public static String format(Scenario scenario, List<TraceEvent> events, Hazard hazard, int width) {
        return format(scenario, events, hazard, width, true);
    }

    /** @param legend whether to say how to read the columns (once per file is enough) */
    public static String format(Scenario scenario, List<TraceEvent> events, Hazard hazard, int width,
                                boolean legend) {
        StringBuilder out = new StringBuilder();
        String inShort = inShort(events, hazard, width);
        if (!inShort.isEmpty()) out.append("In short:\n").append(inShort).append('\n');
        if (events.isEmpty()) {
            out.append("(no machine steps were recorded for this counterexample)\n\n");
        } else {
            if (legend) {
                for (String line : ColumnLayout.paragraph(LEGEND, width)) out.append(line).append('\n');
                out.append('\n');
            }
            out.append(columns(scenario, events, hazard, width)).append('\n');
        }
        if (hazard != null) out.append(hazardBlock(hazard, width));
        return out.toString();
    }

    public static String columns(Scenario scenario, List<TraceEvent> events, Hazard hazard) {
        return columns(scenario, events, hazard, DEFAULT_WIDTH);
    }

    /** One column per CPU; a step's TLB entries are shown only when they changed since last shown. */
    public static String columns(Scenario scenario, List<TraceEvent> events, Hazard hazard, int width) {
        int cpus = cpuCount(scenario, events, hazard);
        List<String> headers = new ArrayList<>();
        for (int c = 0; c < cpus; c++) headers.add("CPU" + c);
        int lastStep = events.stream().mapToInt(TraceEvent::step).max().orElse(0);
        int labelWidth = Math.max(3, String.valueOf(Math.max(lastStep, hazard == null ? 0 : hazard.step())).length());
        ColumnLayout layout = new ColumnLayout(headers, labelWidth, width);
        String[] lastFunction = new String[cpus];
        Map<String, String> shownTlb = new HashMap<>();
        int hazardIndex = hazardIndex(events, hazard);
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            int cpu = Math.max(0, e.cpu());
            String function = function(e);
            if (!function.isEmpty() && !function.equals(lastFunction[cpu])) {
                layout.add("", cpu, heading(function));
                lastFunction[cpu] = function;
            }
            layout.add(String.valueOf(e.step()), cpu, "  " + StepText.readable(e.action()) + lockSuffix(e));
            List<List<String>> tlb = tlbBand(e, cpus, shownTlb, i == hazardIndex);
            if (tlb != null) layout.add("", tlb);
            if (i == hazardIndex) layout.addFrom("", markerColumn(hazard, cpus), marker(hazard));
        }
        if (hazard != null && hazardIndex < 0) {
            layout.addFrom(hazard.step() < 0 ? "end" : String.valueOf(hazard.step()), markerColumn(hazard, cpus),
                    marker(hazard));
        }
        return layout.render();
    }

    /** Page-table writes, flushes and IPIs, then the hazard: the race in a few lines. */
    public static String inShort(List<TraceEvent> events, Hazard hazard, int width) {
        StringBuilder out = new StringBuilder();
        for (TraceEvent e : events) {
            if (!isKeyStep(e)) continue;
            String where = function(e).isEmpty() || function(e).startsWith("<") ? "" : function(e) + "(): ";
            String locks = e.locksHeld().isEmpty() ? "holding no lock" : "holding " + String.join(", ", e.locksHeld());
            out.append(line(e.step(), e.cpu(), where + StepText.readable(e.action()) + ", " + locks, width));
        }
        if (hazard != null) {
            String text = hazard.kind().title + ": " + hazard.message();
            String pending = pendingIpis(events, hazard.cpu());
            if (!pending.isEmpty()) text += "; " + pending;
            out.append(line(hazard.step(), hazard.cpu(), text, width));
        }
        return out.toString();
    }

    /** The hazard spelled out, with the entries involved. */
    public static String hazardBlock(Hazard hazard, int width) {
        StringBuilder out = new StringBuilder();
        String where = hazard.step() >= 0 ? "at step " + hazard.step() : "at quiescence (every operation returned)";
        String victim = hazard.cpu() >= 0 ? " on CPU" + hazard.cpu() : "";
        String actor = hazard.actorCpu() < 0 || hazard.step() < 0 ? ""
                : hazard.actorCpu() == hazard.cpu() ? ", caused by CPU" + hazard.actorCpu() + "'s own step"
                : ", caused by a step of CPU" + hazard.actorCpu();
        String head = "==> HAZARD " + hazard.kind().title + " " + where + victim + actor;
        for (String line : ColumnLayout.wrap(head, width)) out.append(line).append('\n');
        for (String line : ColumnLayout.wrap("    " + hazard.message(), width)) out.append(line).append('\n');
        for (String item : hazard.evidence()) {
            for (String line : ColumnLayout.wrap("      " + item, width)) out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String line(int step, int cpu, String text, int width) {
        String head = String.format("  %-9s %-5s ", step >= 0 ? "step " + step : "at end", cpu >= 0 ? "CPU" + cpu : "");
        List<String> wrapped = ColumnLayout.wrap(text, width - head.length());
        StringBuilder out = new StringBuilder(head).append(wrapped.get(0)).append('\n');
        for (int i = 1; i < wrapped.size(); i++) {
            out.append(" ".repeat(head.length())).append(wrapped.get(i)).append('\n');
        }
        return out.toString();
    }

    private static boolean isKeyStep(TraceEvent e) {
        String a = e.action();
        return PAGE_TABLE_WRITE.matcher(a).find() || a.contains("IPI") || a.startsWith("__flush_tlb")
                || a.startsWith("flush_tlb");
    }

    /** IPIs sent to the CPU that it has not taken yet: a flush that has not reached it. */
    private static String pendingIpis(List<TraceEvent> events, int target) {
        Map<Integer, Integer> pending = new HashMap<>();
        for (TraceEvent e : events) {
            Matcher sent = IPI_SENT.matcher(e.action());
            if (sent.find()) {
                for (String t : sent.group(1).split(",\\s*")) {
                    if (!t.isBlank() && Integer.parseInt(t.trim()) == target) pending.merge(e.cpu(), 1, Integer::sum);
                }
            }
            Matcher taken = IPI_TAKEN.matcher(e.action());
            if (taken.find() && e.cpu() == target) pending.merge(Integer.parseInt(taken.group(1)), -1, Integer::sum);
        }
        List<String> senders = new ArrayList<>();
        pending.forEach((sender, count) -> {
            if (count > 0) senders.add("CPU" + sender);
        });
        senders.sort(null);
        return senders.isEmpty() ? ""
                : "CPU" + target + " has not yet taken the flush IPI from " + String.join(" and ", senders);
    }

    /** An IPI runs in the target's interrupt context, whatever code delivered it. */
    private static String function(TraceEvent e) {
        return IPI_TAKEN.matcher(e.action()).find() ? "<IPI>" : e.function();
    }

    private static String heading(String function) {
        return function.startsWith("<") ? function : function + "():";
    }

    /** Locks matter wherever a page is touched, so there "no lock" is said out loud. */
    private static String lockSuffix(TraceEvent e) {
        if (!e.locksHeld().isEmpty()) return "  [" + String.join(", ", e.locksHeld()) + "]";
        return e.tlbNotes().isEmpty() ? "" : "  [no lock]";
    }

    private static List<List<String>> tlbBand(TraceEvent e, int cpus, Map<String, String> shown, boolean always) {
        List<List<String>> band = new ArrayList<>();
        for (int c = 0; c < cpus; c++) band.add(new ArrayList<>());
        boolean changed = false;
        for (String note : e.tlbNotes()) {
            Matcher m = CPU_NOTE.matcher(note);
            int column = m.matches() ? Integer.parseInt(m.group(1)) : Math.max(0, e.cpu());
            String what = m.matches() ? m.group(2) : note;
            String entries = m.matches() ? unbracket(m.group(3)) : "";
            if (column >= cpus) column = Math.max(0, e.cpu());
            String key = column + "|" + what;
            if (!entries.equals(shown.put(key, entries))) changed = true;
            band.get(column).add("    " + what + (entries.isEmpty() ? "" : ": " + entries));
        }
        return changed || (always && !e.tlbNotes().isEmpty()) ? band : null;
    }

    private static String unbracket(String entries) {
        String s = entries.trim();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        return s.isEmpty() ? "(no entry)" : s;
    }

    private static String marker(Hazard hazard) {
        return "^^^ HAZARD: " + hazard.kind().title + (hazard.cpu() >= 0 ? " on CPU" + hazard.cpu() : "");
    }

    private static int markerColumn(Hazard hazard, int cpus) {
        return hazard.cpu() >= 0 && hazard.cpu() < cpus ? hazard.cpu() : 0;
    }

    /** The last recorded step at which the hazard arose, or -1 (quiescence, or no trace). */
    private static int hazardIndex(List<TraceEvent> events, Hazard hazard) {
        if (hazard == null || hazard.step() < 0) return -1;
        for (int i = events.size() - 1; i >= 0; i--) if (events.get(i).step() == hazard.step()) return i;
        return -1;
    }

    private static int cpuCount(Scenario scenario, List<TraceEvent> events, Hazard hazard) {
        int cpus = scenario == null ? 1 : Math.max(1, scenario.cpus());
        for (TraceEvent e : events) cpus = Math.max(cpus, e.cpu() + 1);
        if (hazard != null) cpus = Math.max(cpus, Math.max(hazard.cpu(), hazard.actorCpu()) + 1);
        return cpus;
    }
}
