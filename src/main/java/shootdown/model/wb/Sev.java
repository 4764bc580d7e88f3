package shootdown.model.wb;

import java.util.BitSet;
import shootdown.machine.Caches;
import shootdown.machine.Cpu;
import shootdown.machine.IpiWork;
import shootdown.machine.MachineCore;

/**
 * arch/x86/kvm/svm/sev.c, the cache-flush part, as one host CPU runs it: marking the CPU in
 * {@code have_run_cpus} before a guest run, and {@code sev_writeback_caches()} when guest
 * memory is reclaimed. The variant chooses between the designs of the 2024-2025 threads.
 * Every access to the shared mask is one machine step: a plain load, a plain store, or one
 * locked read-modify-write of a word.
 */
final class Sev {
    private final Cpu cpu;
    private final WbVariant variant;
    private final int me;
    /** Host CPUs, fixed at boot: how many words the mask has. */
    private final int nr_cpu_ids;

    Sev(Cpu cpu, WbVariant variant, int nr_cpu_ids) {
        this.cpu = cpu;
        this.variant = variant;
        this.me = cpu.id();
        this.nr_cpu_ids = nr_cpu_ids;
    }

    private static KvmSevInfo sev(MachineCore core) {
        return core.device(KvmSevInfo.class);
    }

    // ---- marking the CPUs that may hold the guest's dirty lines ----

    /** Called by {@code pre_svm_run()} with interrupts off, right before VMRUN. */
    void pre_sev_run() {
        switch (variant.marking()) {
            case PRE_SEV_RUN -> {
                // A plain bt first: a locked bts on every entry would bounce the cache line.
                boolean marked = cpu.step(core -> sev(core).have_run_cpus.test(me),
                        was -> "cpumask_test_cpu(" + me + ", have_run_cpus) = " + was);
                if (!marked) {
                    cpu.step(core -> {
                        sev(core).have_run_cpus.set(me);
                        return null;
                    }, r -> "cpumask_set_cpu(" + me + ", have_run_cpus): lock bts");
                }
            }
            case PRE_SEV_RUN_NON_ATOMIC -> __cpumask_set_cpu(me);
            case NONE, VCPU_LOAD -> {
                // nothing marked before VMRUN
            }
        }
    }

    /** The v4 series' hook in {@code svm_vcpu_load()}; not when loaded outside KVM_RUN. */
    void sev_vcpu_load(boolean wantsToRun) {
        if (variant.marking() != WbVariant.Marking.VCPU_LOAD || !wantsToRun) return;
        cpu.step(core -> {
            sev(core).have_run_cpus.set(me);
            return null;
        }, r -> "cpumask_set_cpu(" + me + ", have_run_cpus): lock bts");
    }

    /** Non-atomic: load the word, store it back with the bit; a store in between is lost. */
    private void __cpumask_set_cpu(int bit) {
        int word = Cpumask.word(bit);
        long old = cpu.step(core -> sev(core).have_run_cpus.load(word),
                v -> "__cpumask_set_cpu(" + bit + "): load have_run_cpus word " + word + " = 0x" + Long.toHexString(v));
        long value = old | Cpumask.bit(bit);
        cpu.step(core -> {
            sev(core).have_run_cpus.store(word, value);
            return null;
        }, r -> "__cpumask_set_cpu(" + bit + "): store have_run_cpus word " + word + " = 0x" + Long.toHexString(value));
    }

    // ---- flushing on reclaim ----

    /** {@code kvm_arch_guest_memory_reclaimed()}: after the reclaimed range was zapped from the NPT. */
    void sev_guest_memory_reclaimed() {
        sev_writeback_caches();
    }

    private void sev_writeback_caches() {
        switch (variant.flush()) {
            case ALL_CPUS -> wbinvd_on_all_cpus();
            case STICKY_MASK -> {
                if (cpumask_empty()) return;
                // smp_call_function_many_cond() reads the live mask again
                wbnoinvd_on_cpus_mask(cpumask_copy());
            }
            case CLEAR_THEN_FLUSH -> {
                if (variant.flushMutex()) mutex_lock();
                BitSet flush = new BitSet();
                for (int c = cpumask_next(0); c >= 0; c = cpumask_next(c + 1)) {
                    if (cpumask_test_and_clear_cpu(c)) flush.set(c);
                }
                if (!flush.isEmpty()) wbnoinvd_on_cpus_mask(flush);
                if (variant.flushMutex()) mutex_unlock();
            }
            case FLUSH_THEN_CLEAR -> {
                if (variant.flushMutex()) mutex_lock();
                BitSet snapshot = cpumask_copy();
                if (!snapshot.isEmpty()) {
                    wbnoinvd_on_cpus_mask(snapshot);
                    for (int c = snapshot.nextSetBit(0); c >= 0; c = snapshot.nextSetBit(c + 1)) cpumask_clear_cpu(c);
                }
                if (variant.flushMutex()) mutex_unlock();
            }
        }
    }

    /** {@code on_each_cpu(__wbinvd, NULL, 1)}, i.e. {@code on_each_cpu_mask(cpu_online_mask, ...)}. */
    private void wbinvd_on_all_cpus() {
        BitSet online = new BitSet();
        online.set(0, nr_cpu_ids);
        cpu.on_each_cpu_mask(online, Caches.WBINVD);
    }

    private void wbnoinvd_on_cpus_mask(BitSet mask) {
        cpu.on_each_cpu_mask(mask, variant.remarkRunning() ? WBNOINVD_MARK_RUNNING : Caches.WBNOINVD);
    }

    /**
     * The IPI function the kernel's to-do comment asks for: write back, then, if a vCPU of this VM is loaded here
     * ({@code kvm_get_running_vcpu()}), set this CPU's bit again: it may run the guest again
     * before the next flusher reads the mask.
     */
    static final IpiWork WBNOINVD_MARK_RUNNING = new IpiWork() {
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

    private boolean cpumask_empty() {
        for (int w = 0; w < nrWords(); w++) {
            int word = w;
            long value = cpu.step(core -> sev(core).have_run_cpus.load(word),
                    v -> "cpumask_empty(have_run_cpus): word " + word + " = 0x" + Long.toHexString(v));
            if (value != 0) return false;
        }
        return true;
    }

    /** Reads the mask word by word (each word one load). */
    private BitSet cpumask_copy() {
        long[] words = new long[nrWords()];
        for (int w = 0; w < words.length; w++) {
            int word = w;
            words[w] = cpu.step(core -> sev(core).have_run_cpus.load(word),
                    v -> "read have_run_cpus word " + word + " = 0x" + Long.toHexString(v));
        }
        return BitSet.valueOf(words);
    }

    /** One iteration of {@code for_each_cpu()}: {@code find_next_bit()} on the live mask. */
    private int cpumask_next(int from) {
        return cpu.step(core -> sev(core).have_run_cpus.findNext(from),
                next -> "for_each_cpu(have_run_cpus) from " + from + ": " + (next < 0 ? "done" : "CPU" + next));
    }

    private boolean cpumask_test_and_clear_cpu(int c) {
        return cpu.step(core -> sev(core).have_run_cpus.testAndClear(c),
                was -> "cpumask_test_and_clear_cpu(" + c + ", have_run_cpus) = " + was + ": lock btr");
    }

    private void cpumask_clear_cpu(int c) {
        cpu.step(core -> sev(core).have_run_cpus.testAndClear(c),
                was -> "cpumask_clear_cpu(" + c + ", have_run_cpus): lock btr");
    }

    private void mutex_lock() {
        cpu.stepWhen(core -> sev(core).flushMutexOwner == KvmSevInfo.NO_OWNER, core -> {
            sev(core).flushMutexOwner = me;
            return null;
        }, r -> "mutex_lock(&sev->wbinvd_mutex)");
    }

    private void mutex_unlock() {
        cpu.step(core -> {
            sev(core).flushMutexOwner = KvmSevInfo.NO_OWNER;
            return null;
        }, r -> "mutex_unlock(&sev->wbinvd_mutex)");
    }

    private int nrWords() {
        return (nr_cpu_ids + Cpumask.BITS_PER_LONG - 1) / Cpumask.BITS_PER_LONG;
    }
}
