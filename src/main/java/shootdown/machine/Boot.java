package shootdown.machine;

/** A model's setup of a machine, before any CPU runs: the direct map, TLBs, lock handles, devices. */
public final class Boot {
    private final MachineCore core;

    Boot(MachineCore core) {
        this.core = core;
    }

    /** Maps {@code page} with a leaf of {@code size}, creating the tables above it. */
    public Boot map(long page, PageSize size, Prot prot) {
        core.map.mapAtBoot(page, size, prot);
        return this;
    }

    /** Every CPU starts holding what it may fill from the boot page tables (the worst case), non-leaf entries too. */
    public Boot fillTlbs() {
        core.tlbs.fillAll(core.map, core.pscs);
        return this;
    }

    /** How {@code flush_tlb_all()} reaches the other CPUs on this machine (see {@link FlushMethod}). */
    public Boot flush(FlushMethod method) {
        core.interrupts.setFlush(method);
        return this;
    }

    /** The spinlock of that name, registered on first use: the handle serves every snapshot. */
    public SpinLock lock(String name) {
        synchronized (core) {
            return core.locks.spin(name);
        }
    }

    public RwLock rwlock(String name) {
        synchronized (core) {
            return core.locks.rw(name);
        }
    }

    /** Only these hazards count; the optional others are not checked (see {@link Hazard.Kind#optional()}). */
    public Boot countOnly(java.util.Set<Hazard.Kind> kinds) {
        core.monitor.countOnly(kinds);
        return this;
    }

    public <T extends Device> T attach(T device) {
        return core.devices.attach(device);
    }
}
