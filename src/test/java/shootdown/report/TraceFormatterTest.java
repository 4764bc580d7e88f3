package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;

class TraceFormatterTest {
    private final String columns = TraceFormatter.columns(null, Fixtures.RACE, Fixtures.H1);
    private final List<String> lines = Arrays.asList(columns.split("\n"));
    private final int cpu1Column = lines.get(0).indexOf("CPU1");

    private String lineWith(String text) {
        return lines.stream().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + text + " in\n" + columns));
    }

    /** What one CPU's column says, its wrapped lines joined again: the text a reader follows down the column. */
    private static String column(String drawing, int cpu) {
        List<String> rows = Arrays.asList(drawing.split("\n"));
        int start = rows.get(0).indexOf("CPU" + cpu);
        int end = rows.get(0).indexOf("CPU" + (cpu + 1));
        List<String> parts = new ArrayList<>();
        for (String row : rows) {
            if (row.length() <= start) continue;
            parts.add(row.substring(start, end < 0 ? row.length() : Math.min(end, row.length())).strip());
        }
        return String.join(" ", parts).replaceAll("\\s+", " ");
    }

    @Test
    void drawsOneColumnPerCpu() {
        assertTrue(lines.get(0).strip().startsWith("CPU0"), columns);
        assertTrue(lines.get(0).indexOf("CPU0") < cpu1Column, columns);
        assertTrue(lineWith("__set_pmd_pte").indexOf("__set_pmd_pte") < cpu1Column, "CPU0's write in CPU0's column");
        assertTrue(lineWith("set_pte_atomic").indexOf("set_pte_atomic") >= cpu1Column, "CPU1's write in CPU1's column");
        assertTrue(lineWith("set_pte_atomic").stripLeading().startsWith("5 "), "the step number leads the line");
    }

    @Test
    void fitsACommitMessageForTwoAndThreeCpus() {
        for (int cpus : new int[] {2, 3}) {
            List<TraceEvent> events = new ArrayList<>(Fixtures.RACE);
            if (cpus == 3) {
                events.add(new TraceEvent(6, 2, "__change_page_attr", "lookup_address(0x2) = 4K pfn 0x2 RW NX at 4K level",
                        List.of(), List.of("CPU2 TLB[0x2]: [2M@0x0->0x0 RW NX, 4K@0x2->0x2 RW NX]")));
            }
            String text = TraceFormatter.format(null, events, Fixtures.H1);
            text.lines().forEach(l -> assertTrue(l.length() <= TraceFormatter.DEFAULT_WIDTH,
                    cpus + " CPUs, " + l.length() + " columns: '" + l + "'\n" + text));
            assertTrue(text.lines().anyMatch(l -> l.contains("CPU" + (cpus - 1))), text);
        }
    }

    @Test
    void aWiderWidthUsesTheRoom() {
        String wide = TraceFormatter.columns(null, Fixtures.RACE, Fixtures.H1, 160);
        assertTrue(wide.lines().anyMatch(l -> l.length() > TraceFormatter.DEFAULT_WIDTH), wide);
        wide.lines().forEach(l -> assertTrue(l.length() <= 160, l));
        assertTrue(wide.contains("set_pte_atomic(pte@table#2[1], 4K pfn 0x1 RO NX) was 4K pfn 0x1 RW NX"), wide);
    }

    @Test
    void foldsRepeatedFunctionNames() {
        assertEquals(1, lines.stream().filter(l -> l.contains("__split_large_page():")).count(), columns);
        assertEquals(1, lines.stream().filter(l -> l.contains("__change_page_attr():")).count(), columns);
    }

    @Test
    void showsLocksAndSaysWhenNoneIsHeld() {
        assertTrue(lineWith("spin_lock(&pgd_lock)").contains("[pgd_lock]"), columns);
        assertTrue(column(columns, 1).contains("set_pte_atomic(pte@table#2[1], 4K pfn 0x1 RO NX) was 4K pfn 0x1 RW NX "
                + "[no lock]"), columns);
    }

    @Test
    void showsTlbEntriesOnlyWhenTheyChange() {
        assertTrue(column(columns, 1).contains("TLB[0x1]: 2M@0x0->0x0 RW NX, 4K@0x1->0x1 RO NX"),
                "CPU1's stale 2M entry in CPU1's column\n" + columns);
        assertFalse(lineWith("spin_lock(&pgd_lock)").contains("TLB"), "a lock step touches no page");
        // A later access that changes nothing adds no TLB line.
        List<TraceEvent> more = new ArrayList<>(Fixtures.RACE);
        TraceEvent write = Fixtures.RACE.get(4);
        more.add(new TraceEvent(6, 1, "touch", "access 0x1", List.of(), write.tlbNotes()));
        String text = TraceFormatter.columns(null, more, null);
        assertEquals(1, text.lines().filter(l -> l.contains("4K@0x1->0x1 RO NX")).count(), text);
    }

    @Test
    void endsAtTheHazardInTheVictimsColumn() {
        String marker = lineWith("^^^ HAZARD");
        assertTrue(column(columns, 1).endsWith("^^^ HAZARD: H1 mixed-size TLB conflict on CPU1"), columns);
        assertTrue(marker.indexOf("^^^") >= cpu1Column, columns);
    }

    @Test
    void aSplitSaysWhatItsEntriesMap() {
        // The machine writes the first of the 512 entries; the reader needs the range they map.
        List<TraceEvent> fill = List.of(new TraceEvent(8, 0, "__split_large_page",
                "fill table#2 with 512 x 4K pfn 0x200 RW NX", List.of("pgd_lock"), List.of()));
        String text = TraceFormatter.columns(null, fill, null).replaceAll("\\s+", " ");
        assertTrue(text.contains("fill table#2: 512 x 4K entries, pfn 0x200-0x3ff RW NX"), text);
        assertEquals("fill table#1: 512 x 2M entries, pfn 0x0-0x3ffff RW", StepText.readable(
                "fill table#1 with 512 x 2M pfn 0x0 RW"));
    }

    @Test
    void anIpiIsDrawnInTheTargetsColumn() {
        // The delivering code runs on the sender's stack, so the event names the sender's function.
        List<TraceEvent> events = List.of(
                new TraceEvent(1, 0, "__split_large_page",
                        "on_each_cpu(flush_tlb_all): ran locally, IPI sent to CPUs {1}", List.of("pgd_lock"),
                        List.of()),
                new TraceEvent(2, 1, "__split_large_page", "takes IPI from CPU0: flush_tlb_all", List.of(), List.of()));
        String text = TraceFormatter.columns(null, events, null);
        List<String> rows = Arrays.asList(text.split("\n"));
        int column = rows.get(0).indexOf("CPU1");
        String ipi = rows.stream().filter(l -> l.contains("takes IPI")).findFirst().orElseThrow();
        assertTrue(ipi.indexOf("takes IPI") >= column, text);
        String heading = rows.stream().filter(l -> l.contains("<IPI>")).findFirst().orElseThrow();
        assertTrue(heading.indexOf("<IPI>") >= column, text);
        assertEquals(1, rows.stream().filter(l -> l.contains("__split_large_page")).count(), text);
    }

    @Test
    void theStoryNamesTheWritesTheLocksAndTheMissingFlush() {
        String text = TraceFormatter.format(null, Fixtures.RACE, Fixtures.H1).replaceAll("\\s+", " ");
        assertTrue(text.contains("__set_pmd_pte(pmd@table#1[0], table#2) was 2M pfn 0x0 RW NX, holding pgd_lock"),
                text);
        assertTrue(text.contains("holding no lock"), text);
        assertTrue(text.contains("CPU1 has not yet taken the flush IPI from CPU0"), text);
        assertTrue(text.contains("==> HAZARD H1 mixed-size TLB conflict at step 5 on CPU1"), text);
        assertTrue(text.contains("large: 2M@0x0->0x0 RW NX"), text);
    }

    @Test
    void aHazardAtQuiescenceIsMarkedAfterTheLastStep() {
        var leak = new Hazard(Hazard.Kind.H5_LEAK, -1, -1, -1,
                "page-table pages allocated but neither reachable nor freed: table#[2]", List.of());
        String text = TraceFormatter.format(null, Fixtures.RACE, leak);
        assertTrue(text.replaceAll("\\s+", " ").contains("^^^ HAZARD: H5 leaked object"), text);
        assertTrue(text.contains("at quiescence"), text);
        assertFalse(text.contains("caused by"), text);
    }

    @Test
    void wrapsLongTextInsideItsColumn() {
        String text = "  TLB[0x1]: 2M@0x0->0x0 RW NX, 4K@0x1->0x1 RW NX, 4K@0x1->0x1 RO NX";
        List<String> wrapped = ColumnLayout.wrap(text, 40);
        assertTrue(wrapped.size() > 1, wrapped.toString());
        wrapped.forEach(l -> assertTrue(l.length() <= 40, l));
        assertTrue(wrapped.get(1).startsWith("    "), "continuation lines are indented");
        assertEquals(text.strip(), String.join(" ", wrapped.stream().map(String::strip).toList()));
        ColumnLayout.wrap("x".repeat(90), 30).forEach(l -> assertTrue(l.length() <= 30, "even one long word: " + l));
    }
}
