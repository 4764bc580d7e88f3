package shootdown.prove;

/** How much a proof covers: CPUs, and operations per CPU drawn from the model's alphabet. */
public record Bound(int cpus, int opsPerCpu) {
    public Bound {
        if (cpus < 1 || opsPerCpu < 1) throw new IllegalArgumentException("--cpus and --ops must be at least 1");
    }

    @Override
    public String toString() {
        return cpus + " CPUs x " + opsPerCpu + " operation" + (opsPerCpu == 1 ? "" : "s");
    }
}
