package shootdown.model.wb;

import java.util.BitSet;
import shootdown.machine.Caches;
import shootdown.machine.IpiWork;
import shootdown.machine.MachineCore;
import shootdown.model.KernelCode;

/**
 * arch/x86/kvm/svm/sev.c, the cache-flush part, as merged in 6f38f8c57464 (2025) and run by one
 * host CPU: {@code pre_sev_run()} marks the CPU in {@code have_run_cpus} before every VMRUN (a
 * test first, to avoid bouncing the cache line), and {@code sev_writeback_caches()} writes back
 * the caches of the CPUs in the mask when guest memory is reclaimed. Bits are never cleared;
 * the kernel's comment says why (clearing needs serialized flushers and CPUs that mark themselves
 * again). The designs of the 2024-2025 threads are subclasses. Every access to the shared mask is
 * one machine step: a plain load, a plain store, or one locked read-modify-write of a word.
 */
public class Sev extends KernelCode {
    protected int me;

    @Override
    protected void boot() {
        me = cpu.id();
    }

    protected static KvmSevInfo sev(MachineCore core) {
        return core.device(KvmSevInfo.class);
    }

    // ---- marking the CPUs that may hold the guest's dirty lines ----

    /** Called by {@code pre_svm_run()} with interrupts off, right before VMRUN. */
    protected void pre_sev_run() {
        // A plain bt first: a locked bts on every entry would bounce the cache line.
        if (!cpumask_test_cpu(me)) cpumask_set_cpu(me);
    }

    /** {@code svm_vcpu_load()}'s SEV hook: nothing in mainline (the v4 series marked here). */
    protected void sev_vcpu_load(boolean wantsToRun) {
    }

    // ---- flushing on reclaim ----

    /** {@code kvm_arch_guest_memory_reclaimed()}: after the reclaimed range was zapped from the NPT. */
    protected void sev_guest_memory_reclaimed() {
        sev_writeback_caches();
    }

    protected void sev_writeback_caches() {
        if (cpumask_empty()) return;
        // smp_call_function_many_cond() reads the live mask again
        wbnoinvd_on_cpus_mask(cpumask_copy());
    }

    /** {@code on_each_cpu(__wbinvd, NULL, 1)}, i.e. {@code on_each_cpu_mask(cpu_online_mask, ...)}. */
    protected void wbinvd_on_all_cpus() {
        BitSet online = new BitSet();
        online.set(0, nr_cpu_ids());
        cpu.on_each_cpu_mask(online, Caches.WBINVD);
    }

    protected void wbnoinvd_on_cpus_mask(BitSet mask) {
        cpu.on_each_cpu_mask(mask, wbnoinvd_work());
    }

    /** What a CPU runs when it takes the write-back IPI. */
    protected IpiWork wbnoinvd_work() {
        return Caches.WBNOINVD;
    }

    /**
     * The IPI function the kernel's to-do comment asks for: write back, then, if a vCPU of this VM is loaded here
     * ({@code kvm_get_running_vcpu()}), set this CPU's bit again: it may run the guest again
     * before the next flusher reads the mask.
     */
    protected static final IpiWork WBNOINVD_MARK_RUNNING = new IpiWork() {
        @Override
        public void run(MachineCore core, int cpu) {
            core.device(Caches.class).writeBack(core, cpu);
            if (core.device(Vcpus.class).runningOn(cpu) != Vcpus.NONE) sev(core).have_run_cpus.set(cpu);
        }

        @Override
        public String describe() {
            return "sev_wbnoinvd_mark_running";
        }
    };

    // ---- the cpumask and mutex operations, one step each ----

    protected final boolean cpumask_test_cpu(int c) {
        return cpu.step(core -> sev(core).have_run_cpus.test(c),
                was -> "cpumask_test_cpu(" + c + ", have_run_cpus) = " + was);
    }

    protected final void cpumask_set_cpu(int c) {
        cpu.step(core -> {
            sev(core).have_run_cpus.set(c);
            return null;
        }, r -> "cpumask_set_cpu(" + c + ", have_run_cpus): lock bts");
    }

    /** Non-atomic: load the word, store it back with the bit; a store in between is lost. */
    protected final void __cpumask_set_cpu(int bit) {
        int word = Cpumask.word(bit);
        long old = cpu.step(core -> sev(core).have_run_cpus.load(word),
                v -> "__cpumask_set_cpu(" + bit + "): load have_run_cpus word " + word + " = 0x" + Long.toHexString(v));
        long value = old | Cpumask.bit(bit);
        cpu.step(core -> {
            sev(core).have_run_cpus.store(word, value);
            return null;
        }, r -> "__cpumask_set_cpu(" + bit + "): store have_run_cpus word " + word + " = 0x" + Long.toHexString(value));
    }

    protected final boolean cpumask_empty() {
        for (int w = 0; w < nrWords(); w++) {
            int word = w;
            long value = cpu.step(core -> sev(core).have_run_cpus.load(word),
                    v -> "cpumask_empty(have_run_cpus): word " + word + " = 0x" + Long.toHexString(v));
            if (value != 0) return false;
        }
        return true;
    }

    /** Reads the mask word by word (each word one load). */
    protected final BitSet cpumask_copy() {
        long[] words = new long[nrWords()];
        for (int w = 0; w < words.length; w++) {
            int word = w;
            words[w] = cpu.step(core -> sev(core).have_run_cpus.load(word),
                    v -> "read have_run_cpus word " + word + " = 0x" + Long.toHexString(v));
        }
        return BitSet.valueOf(words);
    }

    /** One iteration of {@code for_each_cpu()}: {@code find_next_bit()} on the live mask. */
    protected final int cpumask_next(int from) {
        return cpu.step(core -> sev(core).have_run_cpus.findNext(from),
                next -> "for_each_cpu(have_run_cpus) from " + from + ": " + (next < 0 ? "done" : "CPU" + next));
    }

    protected final boolean cpumask_test_and_clear_cpu(int c) {
        return cpu.step(core -> sev(core).have_run_cpus.testAndClear(c),
                was -> "cpumask_test_and_clear_cpu(" + c + ", have_run_cpus) = " + was + ": lock btr");
    }

    protected final void cpumask_clear_cpu(int c) {
        cpu.step(core -> sev(core).have_run_cpus.testAndClear(c),
                was -> "cpumask_clear_cpu(" + c + ", have_run_cpus): lock btr");
    }

    /** The flush mutex the clearing designs take ({@code sev->wbinvd_mutex} here). */
    protected final void mutex_lock() {
        cpu.stepWhen(core -> sev(core).flushMutexOwner == KvmSevInfo.NO_OWNER, core -> {
            sev(core).flushMutexOwner = me;
            return null;
        }, r -> "mutex_lock(&sev->wbinvd_mutex)");
    }

    protected final void mutex_unlock() {
        cpu.step(core -> {
            sev(core).flushMutexOwner = KvmSevInfo.NO_OWNER;
            return null;
        }, r -> "mutex_unlock(&sev->wbinvd_mutex)");
    }

    /** Host CPUs, fixed at boot: how many words the mask has. */
    protected final int nr_cpu_ids() {
        return cpu.cpus();
    }

    private int nrWords() {
        return (nr_cpu_ids() + Cpumask.BITS_PER_LONG - 1) / Cpumask.BITS_PER_LONG;
    }
}
