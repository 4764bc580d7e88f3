package shootdown.model.wb;

import java.util.List;

/**
 * The ways to decide which CPUs write back their caches when SEV guest memory is reclaimed
 * (DOMAIN.md section 5): where a CPU is marked in {@code have_run_cpus}, how a flusher uses and
 * clears the mask, whether flushers are serialized, and whether CPUs that take the flush IPI
 * while running a vCPU of the VM mark themselves again.
 *
 * @param marking       where a host CPU is recorded as having run the guest
 * @param flush         what {@code sev_writeback_caches()} does
 * @param flushMutex    flushers take a per-VM mutex around reading, clearing and flushing
 * @param remarkRunning the IPI function sets the CPU's bit again if a vCPU of the VM is loaded
 *                      there ("running (or about to run) a vCPU for the VM")
 */
public record WbVariant(String id, String title, Marking marking, Flush flush, boolean flushMutex,
                        boolean remarkRunning) {

    public enum Marking {
        /** No mask: before 6f38f8c57464. */
        NONE,
        /** {@code pre_sev_run()}: {@code if (!cpumask_test_cpu()) cpumask_set_cpu()}, atomic. */
        PRE_SEV_RUN,
        /** {@code pre_sev_run()}: {@code __cpumask_set_cpu()}, a plain load and store of the word. */
        PRE_SEV_RUN_NON_ATOMIC,
        /** {@code sev_vcpu_load()} (v4 series), only when {@code vcpu->wants_to_run}. */
        VCPU_LOAD
    }

    public enum Flush {
        /** {@code wbinvd_on_all_cpus()}. */
        ALL_CPUS,
        /** {@code wbnoinvd_on_cpus_mask(have_run_cpus)}; bits are never cleared. */
        STICKY_MASK,
        /** {@code cpumask_test_and_clear_cpu()} each CPU of the mask, then flush the ones cleared. */
        CLEAR_THEN_FLUSH,
        /** Flush a snapshot of the mask, then clear the snapshot's bits. */
        FLUSH_THEN_CLEAR
    }

    public static final WbVariant WBINVD_ALL_CPUS = new WbVariant("wbinvd-all-cpus",
            "wbinvd_on_all_cpus() on every reclaim", Marking.NONE, Flush.ALL_CPUS, false, false);
    public static final WbVariant STICKY_MASK = new WbVariant("sticky-mask",
            "have_run_cpus set in pre_sev_run(), never cleared (merged, 6f38f8c57464)",
            Marking.PRE_SEV_RUN, Flush.STICKY_MASK, false, false);
    public static final WbVariant TEST_AND_CLEAR = new WbVariant("test-and-clear",
            "test_and_clear each CPU, then flush it; flushers not serialized",
            Marking.PRE_SEV_RUN, Flush.CLEAR_THEN_FLUSH, false, true);
    public static final WbVariant FLUSH_THEN_CLEAR = new WbVariant("flush-then-clear",
            "flush a snapshot of the mask, then clear the snapshot's bits",
            Marking.PRE_SEV_RUN, Flush.FLUSH_THEN_CLEAR, true, true);
    public static final WbVariant MARK_AT_LOAD = new WbVariant("mark-at-load",
            "mark at vcpu_load() (if wants_to_run) only, clear when flushing",
            Marking.VCPU_LOAD, Flush.CLEAR_THEN_FLUSH, true, false);
    public static final WbVariant NON_ATOMIC_SET = new WbVariant("non-atomic-set",
            "__cpumask_set_cpu() in pre_sev_run(), never cleared",
            Marking.PRE_SEV_RUN_NON_ATOMIC, Flush.STICKY_MASK, false, false);
    public static final WbVariant SERIALIZED_CLEAR = new WbVariant("serialized-clear",
            "the kernel's to-do comment: clear under a flush mutex, CPUs running a vCPU of the VM mark themselves again",
            Marking.PRE_SEV_RUN, Flush.CLEAR_THEN_FLUSH, true, true);
    /** The design the kernel's to-do comment proposes without the re-marking: is that half of it needed? */
    public static final WbVariant SERIALIZED_CLEAR_NO_REMARK = new WbVariant("serialized-clear-no-remark",
            "clear under a flush mutex, no re-marking in the IPI",
            Marking.PRE_SEV_RUN, Flush.CLEAR_THEN_FLUSH, true, false);

    public static List<WbVariant> all() {
        return List.of(WBINVD_ALL_CPUS, STICKY_MASK, TEST_AND_CLEAR, FLUSH_THEN_CLEAR, MARK_AT_LOAD, NON_ATOMIC_SET,
                SERIALIZED_CLEAR, SERIALIZED_CLEAR_NO_REMARK);
    }
}
