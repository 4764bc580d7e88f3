package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.opentest4j.AssertionFailedError;
import shootdown.machine.FlushMethod;
import shootdown.machine.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shootdown.campaign.Models;
import shootdown.model.Model;
import shootdown.model.Variant;

/**
 * The real search against {@link ReferenceSearch} over each model's proof alphabet: the same
 * verdict, the same final outcomes, keys that merge only states whose futures agree (and, with
 * symmetry, only renamings of each other), and exactly as many states as the reference has
 * distinct keys. Partial-order reduction may visit fewer states, never other outcomes. Every
 * step the reference takes is also checked against its declared footprint.
 *
 * The larger bounds (two operations each, CPA on three CPUs) take a minute or more each: they run with {@code mvn test -Dgroups=reference -Dtest=ReferenceSearchTest}.
 */
class ReferenceSearchTest {
    private static final Budget BUDGET = new Budget(5_000_000, 600_000);
    private static final long SMALL = 3_000_000;

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @CsvSource({"cpa, mainline, 2, 1", "mmu, mainline, 2, 1", "wb, sticky-mask, 2, 1"})
    void theRealSearchAgreesWithTheReference(String model, String variant, int cpus, int ops) {
        assertAgree(Models.variant(Models.named(model), variant), cpus, ops, Planted.NONE);
    }

    @Tag("deep") // about 20 s
    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @CsvSource({"cpa, no-cpa-lock, 2, 1", "snp, merged, 2, 1"})
    void theRealSearchAgreesWithTheReferenceOnMoreVariants(String model, String variant, int cpus, int ops) {
        assertAgree(Models.variant(Models.named(model), variant), cpus, ops, Planted.NONE);
    }

    @Tag("reference")
    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @CsvSource({"cpa, mainline, 2, 2", "cpa, mainline, 3, 1", "snp, merged, 2, 2", "mmu, mainline, 2, 2", "wb, sticky-mask, 2, 2"})
    void theRealSearchAgreesWithTheReferenceOnLargerBounds(String model, String variant, int cpus, int ops) {
        assertAgree(Models.variant(Models.named(model), variant), cpus, ops, Planted.NONE);
    }

    /**
     * A bug planted on purpose: the search leaves {@code lookup_address()}'s result out of the
     * CPU's history, so it merges states whose CPUs go on to take different branches. The
     * reference sees those merged states lead apart.
     */
    @Test
    void aResultLeftOutOfTheHistoryIsCaught() throws SearchSpace.Stop {
        Planted forgetsLookups = new Planted() {
            @Override public boolean keepsResult(Step<?> step) {
                return !step.call().equals("lookup_address") && step.resultKept();
            }
        };
        Variant mainline = Models.named("cpa").variant("mainline");
        ReferenceSearch.Result ref = new ReferenceSearch(new SearchSpace(programs(mainline, 2, 1), false, false, false,
                forgetsLookups), true, SMALL).run();
        assertFalse(ref.wrongMerges().isEmpty());
        assertTrue(ref.wrongMerges().get(0).contains("merges states whose moves lead apart"), ref.wrongMerges().get(0));
        assertThrows(AssertionFailedError.class, () -> assertAgree(mainline, 2, 1, forgetsLookups));
    }

    static void assertAgree(Variant variant, int cpus, int ops, Planted planted) {
        Model model = variant.model();
        String where = model.name() + " " + variant.name() + " " + cpus + "x" + ops;
        boolean symmetric = model.cpusInterchangeable();
        ReferenceSearch.Result ref;
        try {
            ref = new ReferenceSearch(new SearchSpace(programs(variant, cpus, ops), false, false, true, planted),
                    symmetric, SMALL).run();
        } catch (SearchSpace.Stop stop) {
            throw new AssertionError(where + ": the first state breaks an invariant", stop);
        }
        List<String> broken = new ArrayList<>(ref.wrongMerges());
        broken.addAll(ref.notRenamings());
        assertEquals(List.of(), broken, where + ": " + ref.wrongMerges().size() + " wrong merges, "
                + ref.notRenamings().size() + " symmetric merges that are not renamings (first few)");
        SnapshotSearch.Result numbered = real(variant, cpus, ops, false, false, planted);
        assertEquals(ref.hazards().isEmpty(), numbered.hazard() == null, where + ": verdicts differ " + ref.hazards());
        if (numbered.hazard() != null) {
            assertTrue(ref.hazards().contains(numbered.hazard().kind()), where);
            System.out.println(where + ": reference " + ref.states() + " states, hazards " + ref.hazards()
                    + "; the real search stops at " + numbered.hazard().kind());
            return;
        }
        assertEquals(ref.outcomes(), numbered.outcomes().keySet(), where + ": outcomes");
        assertEquals(ref.numberedKeys(), numbered.states(), where + ": states of the numbered search");
        assertTrue(numbered.states() <= ref.states(), where);
        SnapshotSearch.Result reduced = real(variant, cpus, ops, true, false, planted);
        assertEquals(ref.outcomes(), reduced.outcomes().keySet(), where + ": outcomes with reduction");
        assertTrue(reduced.states() <= numbered.states(), where);
        String counts = where + ": reference " + ref.states() + " states, " + ref.outcomes().size() + " outcomes; numbered "
                + numbered.states() + ", with reduction " + reduced.states();
        if (!symmetric) {
            System.out.println(counts);
            return;
        }
        SnapshotSearch.Result renumbered = real(variant, cpus, ops, false, true, planted);
        // Outcomes are compared up to renaming where only TLB and returned lines name CPUs; wb's
        // devices name them in their own words (a cpumask, per-CPU caches), and CpuSymmetryTest
        // compares those outcomes renamed by the devices themselves.
        boolean renamable = ref.outcomes().stream().noneMatch(ReferenceSearchTest::deviceNamesCpus);
        if (renamable) {
            assertEquals(orbits(ref.outcomes(), cpus), orbits(renumbered.outcomes().keySet(), cpus),
                    where + ": outcomes with symmetry");
        }
        assertEquals(ref.symmetricKeys(), renumbered.states(), where + ": states of the symmetric search");
        assertTrue(renumbered.states() <= numbered.states(), where);
        SnapshotSearch.Result proof = real(variant, cpus, ops, true, true, planted);
        if (renamable) {
            assertEquals(orbits(ref.outcomes(), cpus), orbits(proof.outcomes().keySet(), cpus),
                    where + ": outcomes with symmetry and reduction");
        }
        assertTrue(proof.states() <= renumbered.states(), where);
        System.out.println(counts + "; symmetric " + renumbered.states() + ", with reduction " + proof.states());
    }

    /**
     * The outcomes up to renaming of CPUs: a search with symmetry reaches one outcome of each
     * orbit. An outcome names CPUs in its TLB lines and its returned changes (CPA has no devices).
     */
    private static boolean deviceNamesCpus(String outcome) {
        for (String line : outcome.split("\n")) {
            if (TLB_LINE.matcher(line).matches() || line.startsWith("returned [")) continue;
            if (line.matches(".*(CPU\\d|cpus=\\{[0-9]).*")) return true;
        }
        return false;
    }

    static Set<String> orbits(Set<String> outcomes, int cpus) {
        Set<String> out = new TreeSet<>();
        for (String outcome : outcomes) {
            String best = null;
            for (int[] order : ReferenceSearch.permutations(cpus)) {
                String renamed = renamed(outcome, SearchSpace.rank(order));
                if (best == null || renamed.compareTo(best) < 0) best = renamed;
            }
            out.add(best);
        }
        return out;
    }

    private static String renamed(String outcome, int[] rank) {
        List<String> tlbs = new ArrayList<>(), rest = new ArrayList<>();
        for (String line : outcome.split("\n")) {
            Matcher m = TLB_LINE.matcher(line);
            if (m.matches()) tlbs.add("CPU" + rank[Integer.parseInt(m.group(1))] + m.group(2));
            else if (line.startsWith("returned [")) rest.add(renamedReturns(line, rank));
            else rest.add(line);
        }
        Collections.sort(tlbs);
        return String.join("\n", tlbs) + "\n" + String.join("\n", rest);
    }

    private static String renamedReturns(String line, int[] rank) {
        Matcher m = RETURNED_CPU.matcher(line.substring("returned [".length(), line.length() - 1));
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, "cpu=" + rank[Integer.parseInt(m.group(1))]);
        m.appendTail(out);
        List<String> returns = new ArrayList<>(List.of(out.toString().split("(?<=\\]), ")));
        Collections.sort(returns);
        return "returned " + returns;
    }

    private static final Pattern TLB_LINE = Pattern.compile("CPU(\\d+)( TLB .*)");
    private static final Pattern RETURNED_CPU = Pattern.compile("cpu=(\\d+)");

    static Programs programs(Variant variant, int cpus, int ops) {
        Model model = variant.model();
        return Programs.anyOf(variant, model.proveAlphabet(), model.proveLayout(), cpus, ops, null, FlushMethod.IPI);
    }

    static SnapshotSearch.Result real(Variant variant, int cpus, int ops, boolean reduce, boolean symmetric,
                                      Planted planted) {
        SnapshotSearch.Result r = new SnapshotSearch(programs(variant, cpus, ops), reduce, symmetric, false, planted)
                .run(BUDGET, true);
        assertTrue(r.stopReason() == null || r.hazard() != null, r.stopReason());
        return r;
    }
}
