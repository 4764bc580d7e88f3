package shootdown.model.snp;

import java.util.function.Function;
import shootdown.machine.Cpu;
import shootdown.machine.Lookup;
import shootdown.machine.MachineCore;
import shootdown.machine.PageSize;
import shootdown.machine.Rmp;
import shootdown.machine.RmpEntry;
import shootdown.model.cpa.SetMemory;

/**
 * arch/x86/virt/svm/sev.c, the host side, as one CPU runs it: {@code rmp_make_private()},
 * {@code rmp_make_shared()}, {@code rmpupdate()} with the direct-map strategy of the variant,
 * {@code psmash()} and {@code snp_lookup_rmpentry()}. The direct map changes only through the
 * CPA model ({@link SetMemory}), so its cpa_lock variants combine with every strategy.
 */
final class SvmSev {
    static final int EFAULT = 14;
    static final int EINVAL = 22;

    private final Cpu cpu;
    private final SetMemory set_memory;
    private final DirectMapStrategy strategy;
    private final NoFlushSplit noFlushSplit;

    SvmSev(Cpu cpu, SetMemory set_memory, DirectMapStrategy strategy) {
        this.cpu = cpu;
        this.set_memory = set_memory;
        this.strategy = strategy;
        this.noFlushSplit = new NoFlushSplit(cpu);
    }

    /** Transition a page to guest-owned/private state in the RMP table. */
    int rmp_make_private(long pfn, long gpa, PageSize level, int asid) {
        return rmpupdate(pfn, RmpEntry.privateTo(asid, gpa, level));
    }

    /** Transition a page to hypervisor-owned/shared state in the RMP table. */
    int rmp_make_shared(long pfn, PageSize level) {
        return rmpupdate(pfn, RmpEntry.shared(level));
    }

    /** PSMASH a 2M-aligned page into 4K pages in the RMP table. */
    int psmash(long pfn) {
        long aligned = PageSize.SIZE_2M.alignDown(pfn);
        return cpu.step(core -> {
            core.count("PSMASH", 1);
            return core.device(Rmp.class).psmash(aligned);
        }, ret -> "PSMASH(" + Hex.of(aligned) + ") = " + name(ret));
    }

    Rmp.Lookup snp_lookup_rmpentry(long pfn) {
        return cpu.step(core -> core.device(Rmp.class).lookup(pfn),
                e -> "snp_lookup_rmpentry(" + Hex.of(pfn) + ") = " + e);
    }

    private int rmpupdate(long pfn, RmpEntry state) {
        PageSize level = state.pagesize();
        int npages = (int) level.pages;

        if (strategy.adjusts() && adjust_direct_map(pfn, level) != 0) return -EFAULT;

        // The invalidate designs: if the page is getting assigned, unmap it from the direct map.
        if (strategy.invalidates() && state.assigned() && invalidate_direct_map(pfn, npages) != 0) return -EFAULT;

        int ret = RMPUPDATE(pfn, state, false);
        while (ret == Rmp.RMPUPDATE_FAIL_OVERLAP) ret = RMPUPDATE(pfn, state, true);
        if (ret != 0) {
            int code = ret;
            cpu.step(core -> code, r -> "pr_err(\"RMPUPDATE failed for PFN " + Hex.of(pfn) + ", pg_level: "
                    + level + ", ret: " + name(r) + "\")");
            return -EFAULT;
        }

        // ...and map it again once it is back with the host.
        if (strategy.invalidates() && !state.assigned()) restore_direct_map(pfn, npages);
        return 0;
    }

    /**
     * Splits any 2M+ mapping that could overlap a private 4K frame after the RMPUPDATE. A 2M
     * transition needs no split: RMP checks are done at 2M granularity, so a write through a
     * larger mapping to another 2M range is never checked against this one.
     */
    private int adjust_direct_map(long pfn, PageSize rmp_level) {
        long vaddr = pfn; // pfn_to_kaddr(): the direct map maps frame v at page v

        if (rmp_level == PageSize.SIZE_2M && PageSize.SIZE_2M.alignDown(pfn) != pfn) return -EINVAL;
        if (rmp_level == PageSize.SIZE_2M) return 0;

        if (strategy == DirectMapStrategy.ADJUST_DIRECT_MAP) {
            // The shortcut: a lockless walk. It can see another CPU's freshly installed 4K
            // table before that CPU's flush_tlb_all() has reached every CPU.
            Lookup pte = cpu.lookup_address(vaddr);
            if (!pte.value().isLeaf()) return 0;
            if (pte.level() == PageSize.SIZE_4K) return 0;
        }

        set_memory.set_memory_4k(vaddr);
        return 0;
    }

    private int invalidate_direct_map(long pfn, int npages) {
        int ret = 0;
        int i;
        for (i = 0; i < npages; i++) {
            ret = set_direct_map_invalid_noflush(pfn + i);
            if (ret != 0) break;
        }
        if (strategy == DirectMapStrategy.INVALIDATE_RESTORE_V8) {
            // RFC v8 falls through to its cleanup label on success too: with i == npages it
            // maps every page again, and the page goes private while still mapped.
            restore_direct_map(pfn, i);
            return ret;
        }
        if (ret != 0) restore_direct_map(pfn, i);
        return ret;
    }

    private int restore_direct_map(long pfn, int npages) {
        for (int i = 0; i < npages; i++) set_memory.set_direct_map_default_noflush(pfn + i);
        return 0;
    }

    private int set_direct_map_invalid_noflush(long addr) {
        // v6: the large leaf was split with no flush; CPA then finds a 4K leaf (path (a)).
        if (strategy == DirectMapStrategy.SPLIT_NO_FLUSH_V6) noFlushSplit.split_large_page_noflush(addr);
        set_memory.set_direct_map_invalid_noflush(addr);
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
    private int RMPUPDATE(long pfn, RmpEntry state, boolean retry) {
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

    static String name(int ret) {
        return switch (ret) {
            case 0 -> "0";
            case Rmp.FAIL_INPUT -> "FAIL_INPUT";
            case Rmp.FAIL_INUSE -> "FAIL_INUSE";
            case Rmp.RMPUPDATE_FAIL_OVERLAP -> "FAIL_OVERLAP";
            default -> String.valueOf(ret);
        };
    }
}
