package shootdown.model.wb;

import java.util.ArrayList;
import java.util.List;
import shootdown.machine.Device;
import shootdown.machine.Fingerprint;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;

/**
 * The VMs of the host, {@code struct kvm} as far as cache flushing and intra-host migration use
 * it: each VM's {@link KvmSevInfo}, {@code kvm->vm_dead}, whether
 * {@code sev_lock_two_vms()} marked it {@code migration_in_progress}, whether
 * {@code kvm_lock_all_vcpus()} holds its vCPUs' mutexes, and whether it was destroyed (its MMU
 * notifier unregistered, {@code kvm_arch_destroy_vm()} run).
 */
final class Kvms implements Device {
    /** One VM. */
    static final class Kvm {
        final KvmSevInfo sev;
        boolean vm_dead;
        boolean migration_in_progress;
        boolean vcpus_locked;
        boolean destroyed;

        Kvm(KvmSevInfo sev) {
            this.sev = sev;
        }

        Kvm copy() {
            Kvm out = new Kvm(sev.copy());
            out.vm_dead = vm_dead;
            out.migration_in_progress = migration_in_progress;
            out.vcpus_locked = vcpus_locked;
            out.destroyed = destroyed;
            return out;
        }
    }

    private final List<Kvm> vms = new ArrayList<>();

    Kvms(List<KvmSevInfo> sevInfos) {
        for (KvmSevInfo sev : sevInfos) vms.add(new Kvm(sev));
    }

    private Kvms() {
    }

    @Override
    public Kvms copy(MachineCore into) {
        Kvms out = new Kvms();
        for (Kvm kvm : vms) out.vms.add(kvm.copy());
        return out;
    }

    Kvm kvm(int id) {
        return vms.get(id);
    }

    /** {@code to_kvm_sev_info(kvm)}. */
    KvmSevInfo sev(int id) {
        return vms.get(id).sev;
    }

    int count() {
        return vms.size();
    }

    /** A destroyed VM must have freed its mask (12c1f6e03f94): otherwise H5. */
    @Override
    public void checkQuiescent(MachineCore core) {
        for (int id = 0; id < vms.size(); id++) {
            Kvm kvm = vms.get(id);
            if (!kvm.destroyed || !kvm.sev.maskAllocated()) continue;
            throw new HazardException(new Hazard(Hazard.Kind.H5_LEAK, -1, -1, -1, "VM " + id + " was destroyed, but its "
                    + "have_run_cpus was never freed: the cpumask leaks", List.of("VM " + id + ": " + outcome(kvm))));
        }
    }

    @Override
    public void encode(StringBuilder out) {
        out.append("kvms:");
        for (Kvm kvm : vms) {
            kvm.sev.encode(out);
            out.append(kvm.vm_dead ? 'D' : '-').append(kvm.migration_in_progress ? 'M' : '-')
                    .append(kvm.vcpus_locked ? 'L' : '-').append(kvm.destroyed ? 'X' : '-').append('|');
        }
    }

    /** Each VM's state, CPU c counted as CPU {@code rank[c]} (in its cpumask and flush mutex). */
    @Override
    public void fingerprint(Fingerprint out, int[] order, int[] rank) {
        out.add(vms.size());
        for (Kvm kvm : vms) {
            kvm.sev.fingerprint(out, rank);
            out.add((kvm.vm_dead ? 1 : 0) | (kvm.migration_in_progress ? 2 : 0) | (kvm.vcpus_locked ? 4 : 0)
                    | (kvm.destroyed ? 8 : 0));
        }
    }

    @Override
    public void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        out.append("kvms:");
        for (Kvm kvm : vms) {
            kvm.sev.encodeRenamed(out, rank);
            out.append(kvm.vm_dead ? 'D' : '-').append(kvm.migration_in_progress ? 'M' : '-')
                    .append(kvm.vcpus_locked ? 'L' : '-').append(kvm.destroyed ? 'X' : '-').append('|');
        }
    }

    /** By whether each CPU is in each VM's mask, then holds its flush mutex (whatever the CPUs' numbers). */
    @Override
    public int compareCpus(int a, int b) {
        for (Kvm kvm : vms) {
            KvmSevInfo sev = kvm.sev;
            if (sev.have_run_cpus != null && !sev.have_run_cpus_freed) {
                int c = Boolean.compare(sev.have_run_cpus.test(a), sev.have_run_cpus.test(b));
                if (c != 0) return c;
            }
            int c = Boolean.compare(sev.flushMutexOwner == a, sev.flushMutexOwner == b);
            if (c != 0) return c;
        }
        return 0;
    }

    /** The same state as {@link #encode}, as a reviewer reads it. */
    @Override
    public void outcome(StringBuilder out) {
        for (int id = 0; id < vms.size(); id++) out.append(id == 0 ? "" : "; ").append("VM ").append(id).append(": ")
                .append(outcome(vms.get(id)));
    }

    private static String outcome(Kvm kvm) {
        StringBuilder out = new StringBuilder();
        kvm.sev.outcome(out);
        if (kvm.vm_dead) out.append(", dead");
        if (kvm.destroyed) out.append(", destroyed");
        return out.toString();
    }
}
