package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.machine.TraceEvent;

class TraceFormatterTest {
    private final String columns = TraceFormatter.columns(null, Fixtures.RACE, Fixtures.H1);
    private final List<String> lines = Arrays.asList(columns.split("\n"));
    private final int cpu1Column = lines.get(0).indexOf("CPU1");

    private String lineWith(String text) {
        return lines.stream().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + text + " in\n" + columns));
    }

    @Test
    void drawsOneColumnPerCpu() {
        assertTrue(lines.get(0).startsWith("step"), columns);
        assertTrue(lines.get(0).indexOf("CPU0") < cpu1Column, columns);
        assertTrue(lineWith("__set_pmd_pte").indexOf("__set_pmd_pte") < cpu1Column, "CPU0's write in CPU0's column");
        assertTrue(lineWith("set_pte_atomic").indexOf("set_pte_atomic") >= cpu1Column, "CPU1's write in CPU1's column");
        assertTrue(lineWith("set_pte_atomic").stripLeading().startsWith("5 "), "the step number leads the line");
    }

    @Test
    void foldsRepeatedFunctionNames() {
        assertEquals(1, lines.stream().filter(l -> l.contains("__split_large_page():")).count(), columns);
        assertEquals(1, lines.stream().filter(l -> l.contains("__change_page_attr():")).count(), columns);
    }

    @Test
    void showsLocksAndSaysWhenNoneIsHeld() {
        assertTrue(lineWith("spin_lock(&pgd_lock)").contains("[pgd_lock]"), columns);
        assertTrue(lineWith("set_pte_atomic").contains("[no lock]"), columns);
    }

    @Test
    void showsTlbEntriesOnlyWhenTheyChange() {
        String stale = lineWith("TLB[0x1]: 2M@0x0->0x0 RW NX, 4K@0x1->0x1 RO NX");
        assertTrue(stale.indexOf("TLB[0x1]: 2M") >= cpu1Column, "CPU1's stale 2M entry in CPU1's column");
        assertFalse(lineWith("spin_lock(&pgd_lock)").contains("TLB"), "a lock step touches no page");
        // A later access that changes nothing adds no TLB line.
        List<TraceEvent> more = new java.util.ArrayList<>(Fixtures.RACE);
        TraceEvent write = Fixtures.RACE.get(4);
        more.add(new TraceEvent(6, 1, "touch", "access 0x1", List.of(), write.tlbNotes()));
        String text = TraceFormatter.columns(null, more, null);
        assertEquals(1, text.lines().filter(l -> l.contains("4K@0x1->0x1 RO NX")).count(), text);
    }

    @Test
    void endsAtTheHazardInTheVictimsColumn() {
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("^^^ HAZARD: H1 mixed-size TLB conflict on CPU1"), columns);
        assertTrue(last.indexOf("^^^") >= cpu1Column, columns);
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
        var leak = new shootdown.machine.Hazard(shootdown.machine.Hazard.Kind.H5_LEAK, -1, -1, -1,
                "page-table pages allocated but neither reachable nor freed: table#[2]", List.of());
        String text = TraceFormatter.format(null, Fixtures.RACE, leak);
        assertTrue(text.contains("^^^ HAZARD: H5 leaked object"), text);
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
    }
}
