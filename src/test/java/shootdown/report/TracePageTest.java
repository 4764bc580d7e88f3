package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Verdict;
import shootdown.engine.CheckResult;
import shootdown.engine.ExplorerEngine;
import shootdown.explore.Counterexample;
import shootdown.explore.Explorer;
import shootdown.machine.TraceEvent;

/** The swimlane page of real counterexamples, read as HTML text. */
class TracePageTest {
    private static final Pattern LANE_HEAD = Pattern.compile("<th class=\"lane cpu\\d[^\"]*lane-head\">CPU(\\d+)</th>");

    private static CheckResult explore(String id) {
        CheckResult result = new ExplorerEngine(1_000_000).check(Catalogue.find(id).orElseThrow(), 30_000);
        assertEquals(Verdict.REFUTED, result.verdict(), id);
        return result;
    }

    private static String page(CheckResult result) {
        return TracePage.html(Catalogue.find(result.id()).orElse(null), result,
                "reports/x/traces/" + TraceFile.fileName(result));
    }

    /** The main row of a step: from its {@code <tr>} to the first {@code </tr>}. */
    private static String stepRow(String html, int step) {
        int start = html.indexOf("<tr id=\"step-" + step + "\"");
        assertTrue(start >= 0, "no row for step " + step);
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private static String hazardBanner(String html) {
        int start = html.indexOf("<tr id=\"hazard\"");
        assertTrue(start >= 0, "no hazard banner");
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private static List<Integer> lanes(String html) {
        List<Integer> lanes = new ArrayList<>();
        Matcher m = LANE_HEAD.matcher(html);
        while (m.find()) lanes.add(Integer.parseInt(m.group(1)));
        return lanes;
    }

    private static int count(String html, String needle) {
        return html.split(Pattern.quote(needle), -1).length - 1;
    }

    /** As mustache writes text into HTML. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("=", "&#61;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static void assertSelfContained(String html) {
        for (String external : List.of("http://", "https://", "<script", "<link", "src=", "@import")) {
            assertFalse(html.contains(external), external);
        }
    }

    @Test
    void cpa3HasALanePerCpuAndMarksTheHazardOnItsStep() {
        CheckResult result = explore("CPA-3");
        String html = page(result);
        assertEquals(List.of(0, 1), lanes(html));
        String row = stepRow(html, result.hazard().step());
        assertTrue(row.contains("class=\"step hazard-step\""), row);
        assertTrue(row.contains("<div class=\"hazard-marker\">\u26a0 H1 mixed-size TLB conflict on CPU0</div>"), row);
        assertTrue(row.contains("set_pte_atomic("), "the write that raised the hazard is on its row: " + row);
        assertEquals(1, count(html, "class=\"step hazard-step\""), "only the hazard step is marked");
        String banner = hazardBanner(html);
        assertTrue(banner.contains(escaped(result.hazard().message())), banner);
        for (String evidence : result.hazard().evidence()) assertTrue(banner.contains(escaped(evidence)), evidence);
        assertTrue(html.contains("<span class=\"entry conflict\">2M@0x0-&gt;0x0 RW NX</span>"),
                "the stale 2M entry is picked out in CPU0's TLB");
        assertTrue(html.contains("<a href=\"CPA-3-explorer.txt\">plain-text version</a>"), "links the text trace");
        assertTrue(html.contains("./shootdown replay reports/x/traces/CPA-3-explorer.txt"), "says how to replay");
        assertSelfContained(html);
    }

    @Test
    void cpa3WithTheSplitFlushInFlightDrawsTheIpiNotYetTaken() {
        // Gleixner's interleaving, as Lincheck finds it: CPU1 splits and sends the flush IPI; before
        // CPU0 takes it, CPU0's path (a) writes its PTE. (Each CPU first takes init_mm's mmap lock
        // for reading.)
        CatalogueRow row = Catalogue.find("CPA-3").orElseThrow();
        List<Integer> schedule = new ArrayList<>();
        for (int i = 0; i < 11; i++) schedule.add(1);
        schedule.addAll(List.of(0, 0, 0));
        Counterexample c = new Explorer(row.variant(), row.scenario()).replay(schedule);
        TraceEvent send = c.trace().stream().filter(e -> e.action().contains("IPI sent to CPUs {0}")).findFirst()
                .orElseThrow();
        CheckResult result = new CheckResult("CPA-3", "explorer", Verdict.REFUTED, false, 1, 12, 1, 1, c.hazard(),
                c.trace(), schedule, null, 0, 0, "replayed", null);
        String html = page(result);

        assertTrue(stepRow(html, send.step()).contains("<span class=\"badge ipi\">IPI \u2192 CPU0</span>"),
                "the send is marked");
        assertTrue(html.contains("<svg class=\"ipi-arrow pending\" data-from=\"1\" data-to=\"0\""), html);
        assertTrue(html.contains("IPI sent at step " + send.step() + "</text>"), "the arrow names the send");
        assertTrue(hazardBanner(html).contains("CPU0 has not yet taken the IPI that CPU1 sent at step " + send.step()),
                hazardBanner(html));
        assertTrue(stepRow(html, c.hazard().step()).contains("hazard-marker"));
    }

    @Test
    void cpa6DrawsAnArrowForEveryIpiTakenAtTheStepItIsTaken() {
        CheckResult result = explore("CPA-6");
        String html = page(result);
        List<TraceEvent> taken = result.trace().stream().filter(e -> e.action().startsWith("takes IPI from")).toList();
        assertFalse(taken.isEmpty(), "CPA-6's counterexample delivers IPIs");
        for (TraceEvent take : taken) {
            String row = stepRow(html, take.step());
            int sender = Integer.parseInt(take.action().replaceAll("^takes IPI from CPU(\\d+).*$", "$1"));
            TraceEvent sent = result.trace().stream()
                    .filter(e -> e.step() < take.step() && e.cpu() == sender && e.action().contains("IPI sent to CPUs"))
                    .reduce((a, b) -> b).orElseThrow();
            assertTrue(row.contains("<svg class=\"ipi-arrow\" data-from=\"" + sent.cpu() + "\" data-to=\""
                    + take.cpu() + "\""), row);
            assertTrue(row.contains("IPI sent at step " + sent.step() + "</text>"), row);
            assertTrue(row.contains("<span class=\"badge flush\">flush</span>"), "the flush is marked: " + row);
        }
        assertEquals(taken.size(), count(html, "<svg class=\"ipi-arrow"), "one arrow per IPI taken, none pending");
    }

    @ParameterizedTest
    @ValueSource(strings = {"WB-2", "MMU-2", "SNP-1"})
    void otherModelsGetTheirLanesStateAndHazard(String id) {
        CheckResult result = explore(id);
        String html = page(result);
        int cpus = Catalogue.find(id).orElseThrow().scenario().cpus();
        assertEquals(cpus, lanes(html).size(), "one lane per CPU");
        assertEquals(result.trace().size(), count(html, "<div class=\"card"), "one card per step");
        assertTrue(hazardBanner(html).contains(escaped(result.hazard().message())));
        if (result.hazard().step() >= 0) assertTrue(stepRow(html, result.hazard().step()).contains("hazard-marker"));
        assertSelfContained(html);
    }

    @Test
    void theStateColumnNamesTheEntryTouchedAndTheLocksHeld() {
        String html = page(explore("CPA-3"));
        assertTrue(html.contains("<span class=\"verb\">writes</span> <code>pte@table#2[1]</code>: "
                + "<span class=\"old\">4K pfn 0x1 RW NX</span> &rarr; <b>4K pfn 0x1 RO NX</b>"), html);
        assertTrue(html.contains("CPU0 holds <span class=\"lock\">pgd_lock</span> "
                + "<span class=\"lock\">init_mm.mmap_lock (read)</span>"), html);
        String cpa6 = page(explore("CPA-6"));
        assertTrue(cpa6.contains(
                "CPU1 holds <span class=\"lock\">cpa_lock</span> <span class=\"lock\">pgd_lock</span> "
                        + "<span class=\"lock\">init_mm.mmap_lock (read)</span>"),
                "each lock held is named");
        assertTrue(cpa6.contains("CPU1 holds <span class=\"nolock\">no lock</span>"), "its flush holds none");
    }

    @Test
    void anEngineWithoutMachineStepsStillGetsItsOwnTraceAndRate() {
        CheckResult lincheck = new CheckResult("CPA-3", "lincheck", Verdict.REFUTED, false, 9, 0, 4000, 4000,
                Fixtures.H1, List.of(), List.of(), "| op(0, 0): HazardException #1 | <raw> |", 0, 0, "", null);
        String html = page(lincheck);
        assertTrue(html.contains("<h2>Appendix: lincheck&#39;s own trace</h2>"), html);
        assertTrue(html.contains("&lt;raw&gt;"), "the raw trace is escaped");
        assertTrue(html.contains("No machine steps were recorded"), html);
        assertFalse(html.contains("Replay"), "nothing to replay without a schedule");

        CheckResult stress = new CheckResult("CPA-3", "jcstress", Verdict.REFUTED, false, 0, 0, 60_000, 1200, null,
                List.of(), List.of(), "[OK] shootdown.stress.CpaNoCpaLockStress", 159_210, 1_387, "quick", null);
        assertTrue(page(stress).contains("1,387 hits in 159,210 samples (8,712 per million)"), page(stress));
    }
}
