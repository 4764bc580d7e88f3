package shootdown.machine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The devices a model attached at boot, found by class; a snapshot copies each of them. */
final class Devices {
    private final Map<Class<?>, Device> byClass = new LinkedHashMap<>();
    /** Where this part reports what a step touches (set by its machine). */
    Accesses accesses = new Accesses();

    /** Copies every device into {@code out}, the devices of the snapshot {@code into}. */
    void copyInto(MachineCore into, Devices out) {
        for (Device device : byClass.values()) out.byClass.put(device.getClass(), device.copy(into));
    }

    <T extends Device> T attach(T device) {
        byClass.put(device.getClass(), device);
        return device;
    }

    <T extends Device> T get(Class<T> type) {
        accesses.devices();
        Device device = byClass.get(type);
        if (device == null) throw new IllegalStateException("no device " + type.getSimpleName() + " attached");
        return type.cast(device);
    }

    Iterable<Device> all() {
        return byClass.values();
    }

    void encode(StringBuilder out) {
        for (Device device : byClass.values()) device.encode(out);
    }

    void encodeRenamed(StringBuilder out, int[] order, int[] rank) {
        for (Device device : byClass.values()) device.encodeRenamed(out, order, rank);
    }

    /** Each device's part of the key, CPU {@code order[k]} counted as CPU k ({@code rank} the inverse). */
    void fingerprint(Fingerprint out, int[] order, int[] rank) {
        for (Device device : byClass.values()) device.fingerprint(out, order, rank);
    }

    /** Orders two CPUs by what the devices hold for them (0 if nothing tells them apart). */
    int compareCpus(int a, int b) {
        for (Device device : byClass.values()) {
            int c = device.compareCpus(a, b);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Each device's final state, free of path-dependent names (see {@link Device#outcome}). */
    void outcome(StringBuilder out) {
        for (Device device : byClass.values()) {
            StringBuilder state = new StringBuilder();
            device.outcome(state);
            out.append(device.getClass().getSimpleName()).append(' ').append(state).append('\n');
        }
    }
}
