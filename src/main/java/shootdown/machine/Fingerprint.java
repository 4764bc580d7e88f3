package shootdown.machine;

/**
 * A machine state's 128-bit fingerprint, built from its parts without writing the state out:
 * two independent 64-bit mixes, so that two different states share one with negligible
 * probability. Parts that keep a canonical text (a page-table page, a TLB) hash it once and
 * add the two hashes; everything else adds numbers.
 */
public final class Fingerprint {
    private long a;
    private long b;

    public Fingerprint() {
        reset();
    }

    /** A fingerprint that goes on from a finished pair ({@link #a()}, {@link #b()}) of another. */
    public Fingerprint(long a, long b) {
        this.a = a;
        this.b = b;
    }

    public void reset() {
        a = 0xcbf29ce484222325L;
        b = 0x9E3779B97F4A7C15L;
    }

    public void add(long value) {
        a = (a ^ value) * 0x100000001b3L;
        a ^= a >>> 29;
        b = Long.rotateLeft(b + value * 0xff51afd7ed558ccdL, 31) * 0xc4ceb9fe1a85ec53L;
    }

    /** Adds a text's hashes, as {@link #hashes} made them. */
    public void add(long[] hashes) {
        add(hashes[0]);
        add(hashes[1]);
    }

    /** The first word, finalised (every input bit reaches every output bit). */
    public long a() {
        return finish(a);
    }

    public long b() {
        return finish(b);
    }

    /** A 64-bit finaliser (murmur3's constants): a bijection, so it loses nothing the mix kept. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** The two hashes of a text (a part's canonical form), to keep and add again. */
    public static long[] hashes(CharSequence text) {
        Fingerprint f = new Fingerprint();
        for (int i = 0; i < text.length(); i++) f.add(text.charAt(i));
        f.add(text.length());
        return new long[] {f.a(), f.b()};
    }
}
