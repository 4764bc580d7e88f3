package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The values a state key is built from, each told apart in every field: the fingerprint's two
 * mixes, a set's order-free sum, page-table entries, translations and protections.
 */
class KeyValuesTest {
    /** A value's fingerprint, both words, as one comparable string. */
    static String of(Fingerprinted value) {
        Fingerprint f = new Fingerprint();
        value.fingerprint(f);
        return f.a() + ":" + f.b();
    }

    @Test
    void aFingerprintsWordsDependOnEveryInputAndItsOrder() {
        Fingerprint empty = new Fingerprint();
        Fingerprint one = new Fingerprint();
        one.add(1);
        assertNotEquals(empty.a(), one.a());
        assertNotEquals(empty.b(), one.b());
        Fingerprint ab = new Fingerprint();
        ab.add(1);
        ab.add(2);
        Fingerprint ba = new Fingerprint();
        ba.add(2);
        ba.add(1);
        assertNotEquals(ab.a(), ba.a(), "the order of inputs");
        assertNotEquals(ab.b(), ba.b());
        Fingerprint highBit = new Fingerprint();
        highBit.add(1L << 63);
        assertNotEquals(empty.a(), highBit.a());
        assertNotEquals(empty.b(), highBit.b());
        Fingerprint continued = new Fingerprint(one.a(), one.b());
        assertNotEquals(one.a(), continued.a(), "going on from a finished pair is a new fingerprint");
        one.reset();
        assertEquals(empty.a(), one.a());
        assertEquals(empty.b(), one.b());
        Set<Long> as = new HashSet<>();
        Set<Long> bs = new HashSet<>();
        for (long v = 0; v < 1000; v++) {
            Fingerprint f = new Fingerprint();
            f.add(v);
            as.add(f.a());
            bs.add(f.b());
            as.add(f.a() >>> 32); // the high halves spread too (the visited table keeps the first word)
        }
        assertEquals(2000, as.size());
        assertEquals(1000, bs.size());
    }

    @Test
    void aTextsHashesHoldItsLengthAndEveryCharacter() {
        assertFalse(java.util.Arrays.equals(Fingerprint.hashes("ab"), Fingerprint.hashes("ba")));
        assertFalse(java.util.Arrays.equals(Fingerprint.hashes(""), Fingerprint.hashes("\0")), "the length");
        assertArrayEquals(Fingerprint.hashes("ab"), Fingerprint.hashes(new StringBuilder("ab")));
        Fingerprint viaHashes = new Fingerprint();
        viaHashes.add(Fingerprint.hashes("ab"));
        Fingerprint byHand = new Fingerprint();
        long[] h = Fingerprint.hashes("ab");
        byHand.add(h[0]);
        byHand.add(h[1]);
        assertEquals(byHand.a(), viaHashes.a());
    }

    @Test
    void aSetsFingerprintIgnoresOrderButNotMembersOrTheirCount() {
        TlbEntry x = new TlbEntry(0, PageSize.SIZE_4K, 0, Prot.KERNEL_RW);
        TlbEntry y = new TlbEntry(1, PageSize.SIZE_4K, 1, Prot.KERNEL_RW);
        TlbEntry z = new TlbEntry(2, PageSize.SIZE_4K, 2, Prot.KERNEL_RW);
        assertArrayEquals(SetFingerprint.of(new TlbEntry[] {x, y}), SetFingerprint.of(new TlbEntry[] {y, x}));
        assertFalse(java.util.Arrays.equals(SetFingerprint.of(new TlbEntry[] {x, y}), SetFingerprint.of(new TlbEntry[] {x, z})));
        assertFalse(java.util.Arrays.equals(SetFingerprint.of(new TlbEntry[] {x}), SetFingerprint.of(new TlbEntry[0])));
        long[] a = {1, 5}, b = {1, 6}, c = {2, 0};
        assertTrue(SetFingerprint.compare(a, b) < 0 && SetFingerprint.compare(b, a) > 0);
        assertTrue(SetFingerprint.compare(b, c) < 0);
        assertEquals(0, SetFingerprint.compare(a, new long[] {1, 5}));
    }

    @Test
    void entriesTranslationsAndProtectionsAreToldApartInEveryField() {
        Prot rw = Prot.KERNEL_RW;
        List<Fingerprinted> ptes = List.of(Pte.NONE, Pte.table(1), Pte.table(2), Pte.leaf(PageSize.SIZE_4K, 1, rw),
                Pte.leaf(PageSize.SIZE_2M, 1, rw), Pte.leaf(PageSize.SIZE_4K, 2, rw), Pte.leaf(PageSize.SIZE_4K, 1, rw.withRw(false)),
                Pte.leaf(PageSize.SIZE_4K, 1, rw).withKernel4k(true));
        assertEquals(ptes.size(), ptes.stream().map(KeyValuesTest::of).distinct().count());
        List<Fingerprinted> tlbs = List.of(new TlbEntry(0, PageSize.SIZE_4K, 0, rw), new TlbEntry(1, PageSize.SIZE_4K, 0, rw),
                new TlbEntry(0, PageSize.SIZE_2M, 0, rw), new TlbEntry(0, PageSize.SIZE_4K, 1, rw),
                new TlbEntry(0, PageSize.SIZE_4K, 0, rw.withNx(false)));
        assertEquals(tlbs.size(), tlbs.stream().map(KeyValuesTest::of).distinct().count());
        List<Prot> prots = new ArrayList<>();
        for (boolean present : new boolean[] {true, false}) {
            for (boolean w : new boolean[] {true, false}) {
                for (boolean nx : new boolean[] {true, false}) {
                    for (Prot.CacheMode mode : Prot.CacheMode.values()) prots.add(new Prot(present, w, nx, mode));
                }
            }
        }
        assertEquals(prots.size(), prots.stream().mapToInt(Prot::bits).distinct().count());
        assertEquals("RW NX", rw.toString());
        assertEquals("RO X UC", new Prot(true, false, false, Prot.CacheMode.UC).toString());
        assertEquals("NP", Prot.NOT_PRESENT.toString());
        assertFalse(rw.withPresent(false).present());
        List<Fingerprinted> refs = List.of(new PteRef(1, 2, PageSize.SIZE_4K), new PteRef(2, 2, PageSize.SIZE_4K),
                new PteRef(1, 3, PageSize.SIZE_4K), new PteRef(1, 2, PageSize.SIZE_2M));
        assertEquals(refs.size(), refs.stream().map(KeyValuesTest::of).distinct().count());
        Lookup one = new Lookup(new PteRef(1, 2, PageSize.SIZE_4K), Pte.NONE);
        Lookup other = new Lookup(new PteRef(1, 2, PageSize.SIZE_4K), Pte.table(3));
        assertNotEquals(of(one), of(other));
        assertEquals(PageSize.SIZE_4K, one.level());
    }

    @Test
    void aLeafsFlagsAndFrames() {
        Pte large = Pte.leaf(PageSize.SIZE_2M, 0x200, Prot.KERNEL_RW);
        assertTrue(large.isLarge() && large.isLeaf() && !large.isTable());
        assertFalse(Pte.leaf(PageSize.SIZE_4K, 0, Prot.KERNEL_RW).isLarge());
        assertFalse(Pte.NONE.isLarge());
        assertEquals(0x203, large.frameFor(0x403));
        Pte[] split = large.split();
        assertEquals(512, split.length);
        assertEquals(Pte.leaf(PageSize.SIZE_4K, 0x3ff, Prot.KERNEL_RW), split[511]);
        assertTrue(split[0].sameFlags(split[1]));
        assertFalse(split[0].sameFlags(split[0].withKernel4k(true)), "the software bit is a flag");
        assertFalse(split[0].sameFlags(split[0].withProt(Prot.KERNEL_ROX)));
        assertFalse(Pte.NONE.sameFlags(Pte.NONE), "only leaves have flags");
        assertEquals("4K pfn 0x200 RW NX KERNEL_4K", split[0].withKernel4k(true).toString());
        assertEquals("none", Pte.NONE.toString());
        assertEquals("table#3", Pte.table(3).toString());
        TlbEntry entry = TlbEntry.of(0x3ff, large);
        assertEquals(new TlbEntry(0x200, PageSize.SIZE_2M, 0x200, Prot.KERNEL_RW), entry);
        assertTrue(entry.covers(0x200) && entry.covers(0x3ff) && !entry.covers(0x400) && !entry.covers(0x1ff));
        assertEquals(0x3ff, entry.frameFor(0x3ff));
        TlbEntry small = new TlbEntry(0x201, PageSize.SIZE_4K, 0x201, Prot.KERNEL_RW);
        assertFalse(entry.conflictsWith(small, 0x201), "same frame, same attributes");
        assertTrue(entry.conflictsWith(new TlbEntry(0x201, PageSize.SIZE_4K, 0x999, Prot.KERNEL_RW), 0x201));
        assertTrue(entry.conflictsWith(new TlbEntry(0x201, PageSize.SIZE_4K, 0x201, Prot.KERNEL_ROX), 0x201));
        assertFalse(entry.conflictsWith(new TlbEntry(0x200, PageSize.SIZE_2M, 0x999, Prot.KERNEL_RW), 0x201),
                "two entries of one size are no mixed-size conflict");
        assertEquals("2M@0x200->0x200 RW NX", entry.toString());
    }
}
