package shootdown.model.wb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.engine.NativeRun;
import shootdown.explore.Budget;
import shootdown.explore.Exploration;
import shootdown.explore.Explorer;
import shootdown.machine.Hazard;
import shootdown.machine.TraceEvent;
import shootdown.model.ModelInstance;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * Two VMs: intra-host migration and VM destruction, what rows WB-7 to WB-11 rest on
 * (CatalogueVerdictTest checks their verdicts).
 */
class WbMigrationTest {
    private static Exploration explore(String id) {
        CatalogueRow row = Catalogue.find(id).orElseThrow();
        return new Explorer(row.variant(), row.scenario()).explore(new Budget(1_000_000, 60_000));
    }

    private static int indexOf(List<TraceEvent> trace, Predicate<TraceEvent> what) {
        for (int i = 0; i < trace.size(); i++) if (what.test(trace.get(i))) return i;
        return -1;
    }

    private static Predicate<TraceEvent> says(String text) {
        return t -> t.action().contains(text);
    }

    /** Before 93de2a6a4b91 nobody ever flushes the CPU that ran the source. */
    @Test
    void wb7TheSourcesCpuIsNeverWrittenBack() {
        Exploration e = explore("WB-7");
        Hazard h = e.counterexample().hazard();
        assertEquals(Hazard.Kind.H4_DIRTY_CACHE_ON_RECLAIM, h.kind());
        assertEquals(0, h.cpu());
        List<TraceEvent> trace = e.counterexample().trace();
        assertEquals(-1, indexOf(trace, says("on_each_cpu_mask")), "no write-back at all");
        assertTrue(indexOf(trace, says("sev_migrate_from(VM 1, VM 0)")) >= 0);
    }

    /** 93de2a6a4b91 alone: the reclaim falls into the window after the source stopped being SEV. */
    @Test
    void wb8TheReclaimSeesNeitherVmAsOneThatMustFlush() {
        List<TraceEvent> trace = explore("WB-8").counterexample().trace();
        int cleared = indexOf(trace, says("VM 0 is no longer SEV"));
        int skipped = indexOf(trace, says("____sev_guest(VM 0) = false"));
        int writeback = indexOf(trace, says("on_each_cpu_mask"));
        assertTrue(cleared >= 0 && skipped > cleared, "the source's notifier skips it after the clear: " + trace);
        assertTrue(writeback < 0 || writeback > skipped, "and the source's write-back comes too late");
    }

    @Test
    void wb9TheSourceIsWrittenBackBeforeItsStateIsCleared() {
        CatalogueRow row = Catalogue.find("WB-9").orElseThrow();
        ModelInstance run = NativeRun.create(row.variant(), row.scenario());
        run.machine().inspect().enableTrace();
        run.run(0, 0); // vcpu0 runs: CPU0 dirty
        run.run(1, 0); // the migration
        run.run(0, 1); // the reclaim: nothing dirty left
        List<TraceEvent> trace = run.machine().inspect().trace();
        int writeback = indexOf(trace, says("on_each_cpu_mask({0}, wbnoinvd)"));
        int moved = indexOf(trace, says("sev_migrate_from(VM 1, VM 0)"));
        assertTrue(writeback >= 0 && writeback < moved, trace.toString());
        assertTrue(indexOf(trace, says("no CPU holds a dirty line for it")) > moved);
    }

    @Test
    void afterTheMigrationTheSourceIsDeadAndTheDestinationRunsWithTheAsid() {
        Scenario s = new Scenario("unit", "migrate-guest-1-frames", "", List.of(
                List.of(new Op("sev_vm_move_enc_context_from", 0), new Op("kvm_arch_vcpu_ioctl_run", 0),
                        new Op("kvm_arch_vcpu_ioctl_run", 2))));
        ModelInstance run = NativeRun.create(WbModel.INSTANCE.variant("sticky-mask"), s);
        run.machine().inspect().enableTrace();
        for (int i = 0; i < 3; i++) run.run(0, i);
        List<TraceEvent> trace = run.machine().inspect().trace();
        assertTrue(indexOf(trace, says("VM 0 is dead: -EIO")) >= 0, "the source's vCPU cannot run");
        assertTrue(indexOf(trace, says("VMRUN vcpu2 of VM 1: the guest writes (ASID 1)")) >= 0, trace.toString());
        assertTrue(indexOf(trace, says("cpumask_set_cpu(0, VM 1's have_run_cpus)")) >= 0, "the destination's own mask");
        long mask = run.machine().step(0, null, c -> c.device(Kvms.class).sev(1).have_run_cpus.load(0), r -> "inspect", null)
                .value();
        assertEquals(1L, mask);
    }

    @Test
    void wb10TheDestroyedSourceLeaksItsMask() {
        Hazard h = explore("WB-10").counterexample().hazard();
        assertEquals(Hazard.Kind.H5_LEAK, h.kind());
        assertTrue(h.message().contains("VM 0 was destroyed, but its have_run_cpus was never freed"), h::message);
    }

    @Test
    void wb11TheErrorPathsFreeIsFollowedByASecondOne() {
        Exploration e = explore("WB-11");
        Hazard h = e.counterexample().hazard();
        assertEquals(Hazard.Kind.INVARIANT, h.kind());
        assertTrue(h.message().contains("double free"), h::message);
        List<TraceEvent> trace = e.counterexample().trace();
        TraceEvent last = trace.get(trace.size() - 1);
        assertEquals("sev_vm_destroy", last.function(), "the second free is sev_vm_destroy()'s");
        assertFalse(trace.stream().anyMatch(says("NULL")), "nobody NULLs the pointer before 8abbc76120a7");
    }
}
