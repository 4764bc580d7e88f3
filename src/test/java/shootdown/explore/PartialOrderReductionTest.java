package shootdown.explore;

import shootdown.prove.ProofSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shootdown.machine.Footprint;
import shootdown.machine.LockRule;
import shootdown.machine.Sched;
import java.util.Map;
import java.util.function.Supplier;
import shootdown.model.KernelCode;
import shootdown.model.Layout;
import shootdown.model.Model;
import shootdown.model.Operation;
import shootdown.model.Variant;
import shootdown.model.ModelInstance;
import shootdown.campaign.Models;
import shootdown.model.Scenario;
import shootdown.model.ScenarioText;
import shootdown.prove.Bound;
import shootdown.prove.ScenarioSpace;

/**
 * Partial-order reduction may skip interleavings, never answers: with it, every scenario of a
 * proof space reaches the same final outcomes and the same verdict as without it, in fewer
 * states. A model that declares less than its code touches is stopped, not trusted.
 */
class PartialOrderReductionTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);

    @Tag("deep") // every 2x2 scenario twice: about 8 s
    @Test
    void everyScenarioOfTwoCpusTwoChangesEachReachesTheSameOutcomesUnderCpaLock() {
        Model cpa = Models.named("cpa");
        assertSameAnswers(cpa.variant("mainline"), new ProofSpace(cpa, SplitAlphabet.OPS, SplitAlphabet.LAYOUT, new Bound(2, 2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpa:mainline", "cpa:no-cpa-lock", "cpa:2008", "cpa:no-recheck", "cpa:debug-pagealloc",
            "wb:WB-1", "wb:WB-5", "mmu:MMU-1", "mmu:MMU-2", "snp:SNP-6"})
    void everyScenarioOfTwoCpusOneOperationEachReachesTheSameOutcomes(String modelAndVariant) {
        Model model = Models.named(modelAndVariant.split(":")[0]);
        assertSameAnswers(Models.variant(model, modelAndVariant.split(":")[1]), ProofSpace.of(model, new Bound(2, 1)));
    }

    private static void assertSameAnswers(Variant variant, ProofSpace space) {
        Model model = space.model();
        for (Scenario scenario : ScenarioSpace.enumerate(space)) {
            Exploration full = new Explorer(variant, scenario, false).exploreOutcomes(BUDGET);
            Exploration reduced = new Explorer(variant, scenario, true).exploreOutcomes(BUDGET);
            String where = model.name() + " " + variant + " " + scenario.describeOps();
            assertEquals(full.refuted(), reduced.refuted(), where);
            if (full.refuted()) continue;
            assertTrue(full.exhausted() && reduced.exhausted(), where);
            assertEquals(full.outcomes().keySet(), reduced.outcomes().keySet(), where);
            assertTrue(reduced.states() <= full.states(), where);
        }
    }

    @Test
    void threeCpusChangingOneLargePageUnderCpaLockNeedFarFewerStates() {
        Model cpa = Models.named("cpa");
        Scenario scenario = scenario("CPU0: set_memory_ro(0x0) | CPU1: set_memory_ro(0x0) | CPU2: touch(0x1)");
        Exploration full = new Explorer(cpa.variant("mainline"), scenario, false).exploreOutcomes(BUDGET);
        Exploration reduced = new Explorer(cpa.variant("mainline"), scenario, true).exploreOutcomes(BUDGET);
        assertEquals(full.outcomes().keySet(), reduced.outcomes().keySet());
        assertTrue(reduced.states() * 3 < full.states() * 2,
                "reduced " + reduced.states() + " states, full " + full.states());
    }

    @Test
    void theRaceWithoutCpaLockIsStillFound() {
        Scenario scenario = scenario("CPU0: set_memory_ro(0x0) | CPU1: set_memory_ro(0x1) | CPU2: touch(0x1)");
        Exploration reduced = new Explorer(Models.named("cpa").variant("no-cpa-lock"), scenario, true).explore(BUDGET);
        assertTrue(reduced.refuted());
        assertEquals("H1_MIXED_SIZE_CONFLICT", reduced.counterexample().hazard().kind().name());
    }

    @Test
    void aStepOutsideTheDeclaredFootprintStopsTheExploration() {
        Variant lying = declaring(new Footprint(0, 0).readsPageTables(), List.of());
        Scenario scenario = scenario("CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Explorer(lying, scenario, true).explore(BUDGET));
        assertTrue(e.getMessage().contains("outside what its operation declares"), e.getMessage());
    }

    @Test
    void aStoreWithoutTheLockTheModelNamesStopsTheExploration() {
        // set_memory.c stores 4K entries under cpa_lock only: "under pgd_lock" is a false rule.
        Variant wrongRule = declaring(Footprint.EVERYTHING, List.of("pgd_lock"));
        Scenario scenario = scenario("CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Explorer(wrongRule, scenario, true).explore(BUDGET));
        assertTrue(e.getMessage().contains("without holding pgd_lock"), e.getMessage());
    }

    static Scenario scenario(String ops) {
        return new Scenario("test", "2m", "test", ScenarioText.parseOps(ops));
    }
    /** The threaded search, kept to check the snapshot search against, checks the same two promises. */
    @Test
    void theThreadedSearchChecksTheSamePromises() {
        Scenario scenario = scenario("CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)");
        Variant lying = declaring(new Footprint(0, 0).readsPageTables(), List.of());
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> new Explorer(lying, scenario, true).exploreThreaded(BUDGET));
        assertTrue(outside.getMessage().contains("outside what its operation declares"), outside.getMessage());
        Variant wrongRule = declaring(Footprint.EVERYTHING, List.of("pgd_lock"));
        IllegalStateException unlocked = assertThrows(IllegalStateException.class,
                () -> new Explorer(wrongRule, scenario, true).exploreThreaded(BUDGET));
        assertTrue(unlocked.getMessage().contains("without holding pgd_lock"), unlocked.getMessage());
        assertTrue(new Explorer(lying, scenario, false).exploreThreaded(BUDGET).exhausted(),
                "without reduction nothing relies on the promises, and nothing checks them");
    }

    /** Mainline cpa in a model that declares a footprint for every operation and page-table rules of our choosing. */
    static Variant declaring(Footprint footprint, List<String> pageTableLocks) {
        Model cpa = Models.named("cpa");
        Model declaring = new Model() {
            @Override
            public String name() {
                return cpa.name();
            }

            @Override
            public String title() {
                return cpa.title();
            }

            @Override
            public Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> kernelFiles() {
                return cpa.kernelFiles();
            }

            @Override
            public List<Variant> variants() {
                return cpa.variants();
            }

            @Override
            public List<Operation> operations() {
                return cpa.operations();
            }

            @Override
            public List<Layout> layouts() {
                return cpa.layouts();
            }

            @Override
            public ModelInstance newInstance(Variant variant, Scenario scenario, Sched sched) {
                ModelInstance real = cpa.newInstance(cpa.variant("mainline"), scenario, sched);
                return new ModelInstance() {
                    @Override
                    public shootdown.machine.MachineCore machine() {
                        return real.machine();
                    }

                    @Override
                    public Scenario scenario() {
                        return real.scenario();
                    }

                    @Override
                    public void run(int cpu, int index) {
                        real.run(cpu, index);
                    }

                    @Override
                    public Footprint footprint(int cpu, int index) {
                        return footprint;
                    }

                    @Override
                    public List<LockRule> lockRules() {
                        return pageTableLocks.stream().map(name -> new LockRule(
                                Footprint.NOTHING.writesPageTables(), real.machine().boot().lock(name))).toList();
                    }
                };
            }
        };
        return Variant.mainline(declaring, "mainline", "mainline, declaring what the test says", "");
    }
}
