package shootdown.machine;

/**
 * The fingerprint of a set held as an array in no particular order (a CPU's TLB entries, its
 * cached non-leaf entries): a sum of its members' fingerprints with the member count, so two
 * arrays holding the same members in any order agree. The arrays hold sets (no member twice),
 * which is what makes the sum a function of the set.
 */
final class SetFingerprint {
    private SetFingerprint() {
    }

    static long[] of(Fingerprinted[] members) {
        long sumA = 0, sumB = 0;
        Fingerprint member = new Fingerprint();
        for (Fingerprinted m : members) {
            member.reset();
            m.fingerprint(member);
            sumA += member.a();
            sumB += member.b();
        }
        Fingerprint all = new Fingerprint();
        all.add(members.length);
        all.add(sumA);
        all.add(sumB);
        return new long[] {all.a(), all.b()};
    }

    /** Orders two sets by their fingerprints (any order that ignores the CPUs' numbers serves). */
    static int compare(long[] x, long[] y) {
        return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
    }
}
