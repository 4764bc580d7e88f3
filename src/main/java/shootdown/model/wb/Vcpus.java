package shootdown.model.wb;

import java.util.Arrays;
import shootdown.machine.CpuSet;
import shootdown.machine.Device;
import shootdown.machine.Fingerprint;
import shootdown.machine.MachineCore;

/**
 * Where each vCPU is loaded: {@code vcpu->cpu} and {@code vcpu->wants_to_run} per vCPU, and the
 * per-CPU {@code kvm_running_vcpu} that {@code vcpu_load()} sets and {@code vcpu_put()} clears.
 * A vCPU is loaded on at most one host CPU: its thread runs on one CPU at a time, and migrating
 * is {@code vcpu_put()} on the old CPU then {@code vcpu_load()} on the new one.
 */
final class Vcpus implements Device {
    static final int NONE = -1;

    private final int[] loadedOn;
    private final boolean[] wantsToRun;
    private final int[] running;

    Vcpus(int vcpus, int hostCpus) {
        this.loadedOn = new int[vcpus];
        this.wantsToRun = new boolean[vcpus];
        this.running = new int[hostCpus];
        Arrays.fill(loadedOn, NONE);
        Arrays.fill(running, NONE);
    }

    private Vcpus(Vcpus from) {
        this.loadedOn = from.loadedOn.clone();
        this.wantsToRun = from.wantsToRun.clone();
        this.running = from.running.clone();
    }

    @Override
    public Vcpus copy(MachineCore into) {
        return new Vcpus(this);
    }

    boolean loaded(int vcpu) {
        return loadedOn[vcpu] != NONE;
    }

    int loadedOn(int vcpu) {
        return loadedOn[vcpu];
    }

    void load(int vcpu, int cpu, boolean wants) {
        if (loaded(vcpu) || running[cpu] != NONE) {
            throw new IllegalStateException("vcpu" + vcpu + " loaded twice, or CPU" + cpu + " already runs one");
        }
        loadedOn[vcpu] = cpu;
        wantsToRun[vcpu] = wants;
        running[cpu] = vcpu;
    }

    void put(int vcpu, int cpu) {
        if (loadedOn[vcpu] != cpu) throw new IllegalStateException("vcpu" + vcpu + " is not loaded on CPU" + cpu);
        loadedOn[vcpu] = NONE;
        wantsToRun[vcpu] = false;
        running[cpu] = NONE;
    }

    /** Some vCPU of VM {@code kvm} is loaded on a CPU. */
    boolean anyLoaded(HostLayout layout, int kvm) {
        for (int v = 0; v < loadedOn.length; v++) if (loadedOn[v] != NONE && layout.kvm_of(v) == kvm) return true;
        return false;
    }

    /** {@code kvm_get_running_vcpu()} on that CPU, or NONE. */
    int runningOn(int cpu) {
        return running[cpu];
    }

    @Override
    public void encode(StringBuilder out) {
        out.append("vcpus:");
        for (int v = 0; v < loadedOn.length; v++) out.append(loadedOn[v]).append(wantsToRun[v] ? 'R' : 'i').append(',');
    }

    /** Where each vCPU is loaded (CPU c as {@code rank[c]}), and what each CPU runs, in {@code order}. */
    @Override
    public void fingerprint(Fingerprint out, int[] order, int[] rank) {
        for (int v = 0; v < loadedOn.length; v++) {
            out.add(CpuSet.renamed(loadedOn[v], rank));
            out.add(wantsToRun[v] ? 1 : 0);
        }
        for (int cpu : order) out.add(running[cpu]);
    }

    @Override
    public void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        out.append("vcpus:");
        for (int v = 0; v < loadedOn.length; v++) {
            out.append(CpuSet.renamed(loadedOn[v], rank)).append(wantsToRun[v] ? 'R' : 'i').append(',');
        }
        out.append("running:");
        for (int cpu : order) out.append(running[cpu]).append(',');
    }

    /** By the vCPU each CPU runs (vCPUs keep their numbers: they are not CPUs of the machine). */
    @Override
    public int compareCpus(int a, int b) {
        return Integer.compare(running[a], running[b]);
    }

    /** The same state as {@link #encode}, as a reviewer reads it. */
    @Override
    public void outcome(StringBuilder out) {
        for (int v = 0; v < loadedOn.length; v++) {
            out.append(v == 0 ? "" : ", ").append("vcpu").append(v)
                    .append(loadedOn[v] == NONE ? " not loaded" : " loaded on CPU" + loadedOn[v]
                            + (wantsToRun[v] ? " (KVM_RUN)" : ""));
        }
    }
}
