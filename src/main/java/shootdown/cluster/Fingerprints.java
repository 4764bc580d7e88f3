package shootdown.cluster;

import java.io.Serializable;
import java.util.Arrays;
import shootdown.explore.UnitSearch;

/** A list of state fingerprints, as visited-state tables store them (a long and an int each), in two arrays. */
final class Fingerprints implements Serializable {
    private static final long serialVersionUID = 1L;
    private long[] firsts;
    private int[] seconds;
    private int size;

    Fingerprints() {
        this(new long[64], new int[64], 0);
    }

    private Fingerprints(long[] firsts, int[] seconds, int size) {
        this.firsts = firsts;
        this.seconds = seconds;
        this.size = size;
    }

    void add(long first, int second) {
        if (size == firsts.length) {
            firsts = Arrays.copyOf(firsts, size * 2);
            seconds = Arrays.copyOf(seconds, size * 2);
        }
        firsts[size] = first;
        seconds[size++] = second;
    }

    void addAll(Fingerprints other) {
        for (int i = 0; i < other.size; i++) add(other.firsts[i], other.seconds[i]);
    }

    int size() {
        return size;
    }

    /** The same fingerprints in arrays of their exact size (what goes over the network). */
    Fingerprints trimmed() {
        return new Fingerprints(Arrays.copyOf(firsts, size), Arrays.copyOf(seconds, size), size);
    }

    /** Adds every fingerprint to {@code set}; false if it filled up on the way. */
    boolean addTo(UnitSearch.KnownStates set) {
        return set.addAll(firsts, seconds, size);
    }

    /** The same from the one thread that adds while a unit searches; false if the set filled up. */
    boolean addWhileSearching(UnitSearch.KnownStates set) {
        return set.addWhileSearching(firsts, seconds, size);
    }

    void forEach(UnitSearch.Sink sink) {
        for (int i = 0; i < size; i++) sink.accept(firsts[i], seconds[i]);
    }

    /** Bytes on the wire, about: 12 a fingerprint. */
    long bytes() {
        return 12L * size;
    }

    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(firsts[i]);
            out.writeInt(seconds[i]);
        }
    }
}
