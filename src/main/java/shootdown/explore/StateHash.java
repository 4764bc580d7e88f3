package shootdown.explore;

/** A 128-bit fingerprint of a state key: two independent 64-bit hashes, so collisions are negligible. */
record StateHash(long a, long b) {
    static StateHash of(CharSequence key) {
        long a = 0xcbf29ce484222325L; // FNV-1a
        long b = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            a = (a ^ c) * 0x100000001b3L;
            b = Long.rotateLeft(b ^ (c * 0xff51afd7ed558ccdL), 29) * 0xc4ceb9fe1a85ec53L;
        }
        return new StateHash(a, b ^ key.length());
    }
}
