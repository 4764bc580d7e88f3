package shootdown.model.snp;

import shootdown.machine.Hex;
import java.util.ArrayList;
import java.util.List;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.Lookup;
import shootdown.machine.MachineCore;
import shootdown.machine.Rmp;
import shootdown.machine.TlbEntry;
import shootdown.model.KernelCode;

/**
 * Host kernel writes through the direct map, with the hardware's RMP check. A write may use any
 * translation the CPU holds for the page (worst-case TLB), so it faults if any of them does; and
 * where the live tables map the page nowhere present, it may find none of them (H6).
 */
public class HostWrites extends KernelCode {
    /**
     * A write to a page the host owns (e.g. a page-cache or slab page beside a guest's page).
     * An RMP #PF here is H3: the kernel did nothing wrong, the mapping it wrote through did.
     */
    public void host_write(long page) {
        host_write(page, "host write to " + Hex.of(page));
    }

    /**
     * A path that touches a page only while {@code kernel_page_present()} says the direct map
     * maps it, as hibernation's safe_copy_page() does: the guard the invalidate designs offer the
     * rest of the kernel for private pages. An RMP #PF after that check passed means a private
     * page was left mapped.
     */
    public void write_if_present(long page) {
        Lookup kpte = cpu.lookup_address(page);
        if (!kpte.value().isLeaf() || !kpte.value().prot().present()) return;
        host_write(page, "kernel_page_present(" + Hex.of(page) + ") passed; write to it");
    }

    /** The write itself: one store through the CPU's TLB, checked by the RMP. */
    private void host_write(long page, String what) {
        int id = cpu.id();
        cpu.stepThenCheck(core -> core.device(Rmp.class).check_host_write(page, core.inspect().tlbEntriesCovering(id, page)),
                check -> what + ": RMP check " + check,
                (core, check) -> {
                    // H6 first: with the page mapped nowhere present, the write may fault before any RMP check.
                    HazardException notPresent = core.inspect().notPresent(id, page, "a host write");
                    if (notPresent != null) throw notPresent;
                    if (check.faults()) throw rmpFault(core, id, page, check);
                });
    }

    private static RuntimeException rmpFault(MachineCore core, int cpu, long page, Rmp.HostWriteCheck check) {
        TlbEntry via = check.faulting();
        Rmp rmp = core.device(Rmp.class);
        long frame = via.frameFor(page);
        String why = check.assignedFrame() == frame
                ? "the target frame " + Hex.of(frame) + " is itself " + rmp.authoritative(frame)
                + ", yet the direct map still maps it present"
                : "frame " + Hex.of(check.assignedFrame()) + " of that 2M range is "
                + rmp.authoritative(check.assignedFrame()) + " (the target frame " + Hex.of(frame) + " is "
                + rmp.authoritative(frame) + ")";
        List<String> evidence = new ArrayList<>();
        evidence.add("translation used: " + via);
        evidence.add("every translation CPU" + cpu + " holds for " + Hex.of(page) + ": " + check.translations());
        evidence.add("RMP[" + Hex.of(check.assignedFrame()) + "]: " + rmp.authoritative(check.assignedFrame()));
        return core.hazard(Hazard.Kind.H3_RMP_FAULT, cpu, cpu,
                "RMP #PF on a host write to " + Hex.of(page) + " through CPU" + cpu + "'s " + via.size()
                        + " translation: " + why,
                evidence);
    }
}
