package shootdown.machine;

/**
 * A value that adds itself to a fingerprint field by field, so that a search can fold the
 * values steps return without writing them out as text. Two values that are not equal must
 * add different numbers (every field, in a fixed order).
 */
public interface Fingerprinted {
    void fingerprint(Fingerprint out);
}
