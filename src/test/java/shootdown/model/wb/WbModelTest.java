package shootdown.model.wb;

import shootdown.campaign.Catalogue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.engine.NativeRun;
import shootdown.machine.Caches;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** The model run sequentially on one thread: what a guest run, a migration and a reclaim do. */
class WbModelTest {

    private static Scenario scenario(String layout, List<List<Op>> ops) {
        return new Scenario("unit", layout, "", ops);
    }

    private static List<Integer> holders(ModelInstance instance, long gfn) {
        MachineCore core = instance.machine();
        return core.step(0, null, c -> c.device(Caches.class).holders(WbInstance.ASID, gfn), r -> "inspect", null).value();
    }

    @Test
    void aGuestRunDirtiesEveryMappedFrameOnItsCpuAndAReclaimByWbinvdCleansThem() {
        Scenario s = scenario("guest-2-frames", List.of(
                List.of(new Op("vcpu_load", 0), new Op("vcpu_enter_guest", 0), new Op("vcpu_put", 0)),
                List.of(new Op("reclaim", 1))));
        ModelInstance run = NativeRun.create(WbModel.INSTANCE.variant("wbinvd-all-cpus"), s);
        for (int i = 0; i < 3; i++) run.run(0, i);
        assertEquals(List.of(0), holders(run, 0));
        assertEquals(List.of(0), holders(run, 1));
        run.run(1, 0);
        assertEquals(List.of(), holders(run, 1));
        assertEquals(2L, run.machine().inspect().counters().get(Caches.FLUSHES), "every CPU flushed");
    }

    @Test
    void aReclaimedFrameIsNoLongerWrittenByLaterGuestRuns() {
        Scenario s = scenario("guest-2-frames", List.of(
                List.of(new Op("vcpu_load", 0), new Op("vcpu_enter_guest", 0)),
                List.of(new Op("reclaim", 0))));
        ModelInstance run = NativeRun.create(WbModel.INSTANCE.variant("sticky-mask"), s);
        run.run(1, 0);
        run.run(0, 0);
        run.run(0, 1);
        assertEquals(List.of(), holders(run, 0));
        assertEquals(List.of(0), holders(run, 1));
    }

    @Test
    void markingOnlyAtLoadLosesARunningVcpuEvenWithoutARace() {
        Scenario s = scenario("guest-2-frames", List.of(
                List.of(new Op("vcpu_load", 0), new Op("vcpu_enter_guest", 0), new Op("vcpu_enter_guest", 0)),
                List.of(new Op("reclaim", 0), new Op("reclaim", 1))));
        ModelInstance run = NativeRun.create(WbModel.INSTANCE.variant("mark-at-load"), s);
        run.run(0, 0);
        run.run(0, 1);
        run.run(1, 0);
        run.run(0, 2);
        HazardException e = assertThrows(HazardException.class, () -> run.run(1, 1));
        assertEquals(0, e.hazard().cpu());
    }

    @Test
    void aVcpuLoadedOutsideKvmRunIsNotMarkedAtLoad() {
        Scenario s = scenario("guest-1-frames", List.of(List.of(new Op("vcpu_load_ioctl", 0))));
        ModelInstance run = NativeRun.create(WbModel.INSTANCE.variant("mark-at-load"), s);
        run.run(0, 0);
        long mask = run.machine().step(0, null, c -> c.device(Kvms.class).sev(0).have_run_cpus.load(0), r -> "inspect", null).value();
        assertEquals(0L, mask);
    }

    @Test
    void enteringTheGuestWithoutLoadingTheVcpuIsAScenarioError() {
        Scenario s = scenario("guest-1-frames", List.of(List.of(new Op("vcpu_enter_guest", 0))));
        ModelInstance run = NativeRun.create(WbModel.INSTANCE.variant("sticky-mask"), s);
        assertThrows(IllegalStateException.class, () -> run.run(0, 0));
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WbModel.INSTANCE.variant("no-such"));
        assertTrue(e.getMessage().contains("serialized-clear"), e::getMessage);
        assertEquals("wb", WbModel.INSTANCE.name());
    }
}
