package shootdown.machine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The devices a model attached at boot, found by class; a snapshot copies each of them. */
final class Devices {
    private final Map<Class<?>, Device> byClass = new LinkedHashMap<>();

    /** Copies every device into {@code out}, the devices of the snapshot {@code into}. */
    void copyInto(MachineCore into, Devices out) {
        for (Device device : byClass.values()) out.byClass.put(device.getClass(), device.copy(into));
    }

    <T extends Device> T attach(T device) {
        byClass.put(device.getClass(), device);
        return device;
    }

    <T extends Device> T get(Class<T> type) {
        Device device = byClass.get(type);
        if (device == null) throw new IllegalStateException("no device " + type.getSimpleName() + " attached");
        return type.cast(device);
    }

    boolean isEmpty() {
        return byClass.isEmpty();
    }

    Iterable<Device> all() {
        return byClass.values();
    }

    void encode(StringBuilder out) {
        for (Device device : byClass.values()) device.encode(out);
    }

    void fingerprint(Fingerprint out) {
        if (byClass.isEmpty()) return;
        StringBuilder text = new StringBuilder();
        encode(text);
        out.add(Fingerprint.hashes(text));
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
