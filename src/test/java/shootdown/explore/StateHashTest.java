package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A state key's fingerprint is two hashes, and the search trusts it as it trusts the key: two
 * states merge when their fingerprints are equal. So each half must separate keys on its own
 * (two weak halves together can look strong on a few keys), and the first must be the FNV-1a
 * it says it is.
 */
class StateHashTest {
    /** For keys of one-byte characters the first half is plain 64-bit FNV-1a: the published test vectors. */
    @Test
    void theFirstHalfIsFnv1a() {
        assertEquals(0xcbf29ce484222325L, StateHash.of("").a());
        assertEquals(0xaf63dc4c8601ec8cL, StateHash.of("a").a());
        assertEquals(0x85944171f73967e8L, StateHash.of("foobar").a());
    }

    /**
     * Keys shaped as the search writes them, differing in one character somewhere, or made of
     * zero characters and differing only in length: neither half alone may merge any two.
     */
    @Test
    void eachHalfAloneSeparatesKeysThatDifferInOnePlace() {
        Set<String> keys = new LinkedHashSet<>();
        String base = "cpu0:pc=3 tlb{0x1000:4k,rw} cpu1:pc=1 lock=-";
        for (int position = 0; position < base.length(); position++) {
            for (char c = 1; c < 300; c++) {
                StringBuilder key = new StringBuilder(base);
                key.setCharAt(position, c);
                keys.add(key.toString());
            }
        }
        for (int length = 0; length < 500; length++) keys.add("\0".repeat(length));
        Set<Long> as = new HashSet<>();
        Set<Long> bs = new HashSet<>();
        for (String key : keys) {
            StateHash h = StateHash.of(key);
            as.add(h.a());
            bs.add(h.b());
        }
        assertEquals(keys.size(), as.size(), "the first half merged some of " + keys.size() + " keys");
        assertEquals(keys.size(), bs.size(), "the second half merged some of " + keys.size() + " keys");
    }
}
