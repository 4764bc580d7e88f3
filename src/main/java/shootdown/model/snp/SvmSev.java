package shootdown.model.snp;

import shootdown.machine.Hex;
import java.util.function.Function;
import shootdown.machine.Lookup;
import shootdown.machine.MachineCore;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.machine.RmpEntry;
import shootdown.model.KernelCode;
import shootdown.model.cpa.SetMemory;

/**
 * arch/x86/virt/svm/sev.c, the host side, as one CPU runs it and as merged in 661b1c6169e2
 * (v6.9): {@code rmp_make_private()}, {@code rmp_make_shared()}, {@code rmpupdate()} with
 * {@code adjust_direct_map()}, {@code psmash()} and {@code snp_lookup_rmpentry()}. The direct
 * map changes only through the CPA model ({@link SetMemory}), so its cpa_lock variants combine
 * with every design here. The other designs of the 2022-2024 threads are subclasses.
 *
 * <p>Newer host code (RMPREAD, segmented RMP tables) keeps this logic. RMPOPT
 * ({@code snp_perform_rmp_optimization()}, later {@code snp_rmpopt_all_physmem()}) is not in the
 * tree, only in a 2026 patch series; it would let CPUs skip the RMP check on host writes to 1G
 * regions holding no guest-owned frame, undone by hardware on any RMPUPDATE there, so it would
 * not change when the host writes modelled here are checked.
 */
public class SvmSev extends KernelCode {
    public static final int EFAULT = 14;
    public static final int EINVAL = 22;

    protected SetMemory set_memory;

    @Override
    protected void boot() {
        set_memory = kernel(SetMemory.class);
    }

    /** Boot-time work of SEV-SNP initialisation, before any guest runs; none in mainline. */
    protected void snp_rmptable_init() {
    }

    /** Transition a page to guest-owned/private state in the RMP table. */
    public int rmp_make_private(long pfn, long gpa, PageSize level, int asid) {
        return rmpupdate(pfn, RmpEntry.privateTo(asid, gpa, level));
    }

    /** Transition a page to hypervisor-owned/shared state in the RMP table. */
    public int rmp_make_shared(long pfn, PageSize level) {
        return rmpupdate(pfn, RmpEntry.shared(level));
    }

    /** PSMASH a 2M-aligned page into 4K pages in the RMP table. */
    public int psmash(long pfn) {
        long aligned = PageSize.SIZE_2M.alignDown(pfn);
        return cpu.step(core -> {
            core.count("PSMASH", 1);
            return core.device(Rmp.class).psmash(aligned);
        }, ret -> "PSMASH(" + Hex.of(aligned) + ") = " + name(ret));
    }

    /** PSMASH again once no RMPUPDATE holds the 2M range: the retry of a FAIL_INUSE spin. */
    public int psmash_when_idle(long pfn) {
        long aligned = PageSize.SIZE_2M.alignDown(pfn);
        return cpu.stepWhen(core -> core.device(Rmp.class).rangeIdle(aligned), core -> {
            core.count("PSMASH retries (FAIL_INUSE)", 1);
            return core.device(Rmp.class).psmash(aligned);
        }, ret -> "PSMASH(" + Hex.of(aligned) + ") again, the range now idle = " + name(ret));
    }

    public Rmp.Lookup snp_lookup_rmpentry(long pfn) {
        return cpu.step(core -> core.device(Rmp.class).lookup(pfn),
                e -> "snp_lookup_rmpentry(" + Hex.of(pfn) + ") = " + e);
    }

    protected int rmpupdate(long pfn, RmpEntry state) {
        PageSize level = state.pagesize();
        if (adjust_direct_map(pfn, level) != 0) return -EFAULT;
        return rmpupdate_retried(pfn, state);
    }

    /** The RMPUPDATE loop: retried while another update holds the 2M range. */
    protected final int rmpupdate_retried(long pfn, RmpEntry state) {
        int ret = RMPUPDATE(pfn, state, false);
        while (ret == Rmp.RMPUPDATE_FAIL_OVERLAP) ret = RMPUPDATE(pfn, state, true);
        if (ret != 0) {
            int code = ret;
            cpu.step(core -> code, r -> "pr_err(\"RMPUPDATE failed for PFN " + Hex.of(pfn) + ", pg_level: "
                    + state.pagesize() + ", ret: " + name(r) + "\")");
            return -EFAULT;
        }
        return 0;
    }

    /**
     * Splits any 2M+ mapping that could overlap a private 4K frame after the RMPUPDATE. A 2M
     * transition needs no split: RMP checks are done at 2M granularity, so a write through a
     * larger mapping to another 2M range is never checked against this one.
     */
    protected int adjust_direct_map(long pfn, PageSize rmp_level) {
        long vaddr = pfn; // pfn_to_kaddr(): the direct map maps frame v at page v

        if (rmp_level == PageSize.SIZE_2M && PageSize.SIZE_2M.alignDown(pfn) != pfn) return -EINVAL;
        if (rmp_level == PageSize.SIZE_2M) return 0;

        // The shortcut: a lockless walk. It can see another CPU's freshly installed 4K table
        // before that CPU's flush_tlb_all() has reached every CPU.
        Lookup pte = cpu.lookup_address(vaddr);
        if (!pte.value().isLeaf()) return 0;
        if (pte.level() == PageSize.SIZE_4K) return 0;

        set_memory.set_memory_4k(vaddr);
        return 0;
    }

    // ---- the RMPUPDATE instruction ----

    /**
     * The RMPUPDATE instruction, as two steps: the firmware locks the frame's 2M range and checks
     * the request, then writes the entry. While another update holds the range it fails with
     * FAIL_OVERLAP. A {@code retry} after FAIL_OVERLAP waits until the range is free: attempts
     * that would fail again meanwhile change nothing, so the retry counter counts each
     * FAIL_OVERLAP seen, not each spin.
     */
    protected final int RMPUPDATE(long pfn, RmpEntry state, boolean retry) {
        int id = cpu.id();
        Function<MachineCore, Integer> start = core -> {
            int r = core.device(Rmp.class).rmpupdate_start(id, pfn, state);
            if (r == Rmp.RMPUPDATE_FAIL_OVERLAP) core.count("RMPUPDATE retries (FAIL_OVERLAP)", 1);
            return r;
        };
        Function<Integer, String> text = r -> "RMPUPDATE(" + Hex.of(pfn) + ", " + state + ") "
                + (r == 0 ? "starts: the 2M range is locked" : "= " + name(r));
        int ret = retry
                ? cpu.stepWhen(core -> core.device(Rmp.class).rangeIdle(pfn), start, text)
                : cpu.step(start, text);
        if (ret != 0) return ret;
        cpu.step(core -> core.device(Rmp.class).rmpupdate_finish(id),
                e -> "RMPUPDATE(" + Hex.of(pfn) + ") completes: RMP entry now " + e);
        return 0;
    }

    public static String name(int ret) {
        return switch (ret) {
            case 0 -> "0";
            case Rmp.FAIL_INPUT -> "FAIL_INPUT";
            case Rmp.FAIL_INUSE -> "FAIL_INUSE";
            case Rmp.RMPUPDATE_FAIL_OVERLAP -> "FAIL_OVERLAP";
            default -> String.valueOf(ret);
        };
    }
}
