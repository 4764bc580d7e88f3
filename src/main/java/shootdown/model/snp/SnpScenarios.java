package shootdown.model.snp;

import java.util.List;
import shootdown.model.Op;
import shootdown.model.Scenario;

/**
 * The small named scenarios of the SNP catalogue rows. The direct map starts as two 2M leaves
 * (pages 0-511 and 512-1023) that every CPU holds in its TLB; every frame starts hypervisor-owned.
 */
public final class SnpScenarios {
    private SnpScenarios() {
    }

    /** Seed 000's hazard: a private 4K frame inside a 2M direct-map leaf another CPU writes through. */
    public static final Scenario PRIVATE_VS_NEIGHBOUR_WRITE = new Scenario("private-vs-neighbour-write", "2m",
            "CPU0 makes frame 0 private with rmp_make_private(); CPU1, a host task, writes page 1, its own "
                    + "page in the same 2M range. Both CPUs start holding the 2M direct-map entry.",
            List.of(List.of(new Op("rmp_make_private", 0)),
                    List.of(new Op("host_write", 1))));

    /** The invalidate designs' whole cycle, with the guard they offer the rest of the kernel. */
    public static final Scenario INVALIDATE_RESTORE_CYCLE = new Scenario("invalidate-restore-cycle", "2m",
            "CPU0 makes frame 0 private, then a kernel_page_present()-guarded path (as hibernation's) "
                    + "writes page 0 only if the direct map still maps it, then CPU0 hands the frame back "
                    + "with rmp_make_shared() and writes it. CPU1 writes page 1, its own page in the same 2M range.",
            List.of(List.of(new Op("rmp_make_private", 0), new Op("write_if_present", 0),
                            new Op("rmp_make_shared", 0), new Op("host_write", 0)),
                    List.of(new Op("host_write", 1))));

    /** SNP-4: two vCPUs take the SIZEM fault on one 2M RMP entry and both try to PSMASH it. */
    public static final Scenario TWO_VCPUS_ONE_2M_ENTRY = new Scenario("two-vcpus-one-2m-entry",
            "2m+" + SnpInstance.GUEST_2M,
            "The guest's 2M folio at gfn/pfn 0x200 is private in one 2M RMP entry while the NPT maps it "
                    + "at 4K. vCPU0 (CPU0) accesses gfn 0x201, vCPU1 (CPU1) gfn 0x300: each access takes "
                    + "an #NPF with the RMP and SIZEM bits, and each handler wants to PSMASH the same entry.",
            List.of(List.of(new Op("guest_access", 0x201)),
                    List.of(new Op("guest_access", 0x300))));

    /** SNP-7: first accesses to unaligned gfns inside 2M folios, in a memslot that fits a 2M range after them. */
    public static final Scenario UNALIGNED_GFNS = new Scenario("unaligned-gfns-in-2m-folios", "2m",
            "The guest's memslot, gfn 0x200-0x5ff, is backed by two 2M folios, not yet private. vCPU0 "
                    + "(CPU0) first touches gfn 0x201, vCPU1 (CPU1) gfn 0x402: neither gfn is 2M-aligned, "
                    + "and from each a 2M range would still fit inside the memslot.",
            List.of(List.of(new Op("guest_access", 0x201)),
                    List.of(new Op("guest_access", 0x402))));

    /** The on-demand split meeting Gleixner's interleaving: CPA-3 with rmp_make_private() as the splitter. */
    public static final Scenario ON_DEMAND_SPLIT_VS_NEIGHBOUR = new Scenario("on-demand-split-vs-neighbour", "2m",
            "CPU0 makes frame 0 private, so adjust_direct_map() splits the 2M leaf with set_memory_4k(); "
                    + "CPU1 makes page 1 read-only with set_memory_ro() and touches it. Both CPUs start "
                    + "holding the 2M entry.",
            List.of(List.of(new Op("rmp_make_private", 0)),
                    List.of(new Op("set_memory_ro", 1), new Op("touch", 1))));

    /** Two conversions in one 2M range: the second may find the split already installed. */
    public static final Scenario TWO_CONVERSIONS_ONE_2M = new Scenario("two-conversions-one-2m", "2m",
            "CPU0 makes frame 0 private and CPU1 frame 1, both in the first 2M range; CPU1 then writes "
                    + "page 2, a host page of the same range. adjust_direct_map()'s lookup_address() is "
                    + "lockless: CPU1 may see the 4K table CPU0 just installed, before CPU0's flush_tlb_all() "
                    + "has reached every CPU.",
            List.of(List.of(new Op("rmp_make_private", 0)),
                    List.of(new Op("rmp_make_private", 1), new Op("host_write", 2))));

    /**
     * The same race with the stale 2M entry on a third CPU that has interrupts disabled (inside a
     * spin_lock_irqsave() section, say), so it cannot take the split's flush IPI yet. The op's
     * page is unused for the interrupt operations.
     */
    public static final Scenario TWO_CONVERSIONS_IRQS_OFF_WRITER = new Scenario("two-conversions-irqs-off-writer", "2m",
            "CPU0 makes frame 0 private and CPU1 frame 1, both in the first 2M range. CPU2 disables "
                    + "interrupts, writes page 2 (a host page of that range) and enables them again. CPU0's "
                    + "flush_tlb_all() waits for CPU2; CPU1's lockless lookup_address() may already see the "
                    + "4K table and go ahead with RMPUPDATE.",
            List.of(List.of(new Op("rmp_make_private", 0)),
                    List.of(new Op("rmp_make_private", 1)),
                    List.of(new Op("local_irq_disable", 2), new Op("host_write", 2), new Op("local_irq_enable", 2))));
}
