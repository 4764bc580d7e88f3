package shootdown.model.wb;

import shootdown.machine.Device;
import shootdown.machine.MachineCore;

/**
 * The parts of {@code struct kvm_sev_info} that cache flushing uses: the guest's ASID, the
 * per-VM cpumask {@code have_run_cpus} (shared kernel memory, updated by every vCPU entry and by
 * flushers) and, for the designs that clear it, the mutex that serializes flushers.
 */
final class KvmSevInfo implements Device {
    static final int NO_OWNER = -1;

    final int asid;
    final Cpumask have_run_cpus;
    /** Owner of the flush mutex the kernel's to-do comment asks for ({@code sev->wbinvd_mutex} here), or NO_OWNER. */
    int flushMutexOwner = NO_OWNER;

    KvmSevInfo(int asid, int hostCpus) {
        this.asid = asid;
        this.have_run_cpus = new Cpumask(hostCpus);
    }

    @Override
    public KvmSevInfo copy(MachineCore into) {
        KvmSevInfo out = new KvmSevInfo(asid, 0, have_run_cpus.copy());
        out.flushMutexOwner = flushMutexOwner;
        return out;
    }

    private KvmSevInfo(int asid, int unused, Cpumask have_run_cpus) {
        this.asid = asid;
        this.have_run_cpus = have_run_cpus;
    }

    @Override
    public void encode(StringBuilder out) {
        out.append("sev:have_run_cpus=");
        have_run_cpus.encode(out);
        out.append("mutex=").append(flushMutexOwner).append(';');
    }

    /** The same state as {@link #encode}, as a reviewer reads it. */
    @Override
    public void outcome(StringBuilder out) {
        out.append("have_run_cpus=").append(have_run_cpus);
        if (flushMutexOwner != NO_OWNER) out.append(", wbinvd_mutex held by CPU").append(flushMutexOwner);
    }
}
