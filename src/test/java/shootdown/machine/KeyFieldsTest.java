package shootdown.machine;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * Field by field, what the state key must tell apart. {@link StateKeyTest} changes one part of
 * the machine at a time; here two values differ in one field only (an entry's size, the table a
 * cached entry points to, the work of an IPI, the CPU finishing an RMP update), the kind of
 * difference a fingerprint that forgot one field would merge without a word.
 */
class KeyFieldsTest {
    private static final Prot RW = Prot.KERNEL_RW;

    private static String key(Fingerprinted value) {
        return KeyValuesTest.of(value);
    }

    @Test
    void aCachedNonLeafEntryIsKnownByItsBaseItsSizeAndItsTable() {
        var entry = new PagingStructureCaches.Entry(0x200, PageSize.SIZE_2M, 3);
        assertNotEquals(key(entry), key(new PagingStructureCaches.Entry(0x400, PageSize.SIZE_2M, 3)), "base");
        assertNotEquals(key(entry), key(new PagingStructureCaches.Entry(0x200, PageSize.SIZE_1G, 3)), "size");
        assertNotEquals(key(entry), key(new PagingStructureCaches.Entry(0x200, PageSize.SIZE_2M, 4)), "table");
    }

    @Test
    void anEntryIsKnownByItsSizeAsWellAsItsFrame() {
        assertNotEquals(key(Pte.leaf(PageSize.SIZE_4K, 0x200, RW)), key(Pte.leaf(PageSize.SIZE_2M, 0x200, RW)));
    }

    @Test
    void whatLookupAddressReturnedIsKnownByTheSlotAsWellAsItsValue() {
        Pte value = Pte.leaf(PageSize.SIZE_4K, 0x200, RW);
        assertNotEquals(key(new Lookup(new PteRef(3, 0, PageSize.SIZE_4K), value)),
                key(new Lookup(new PteRef(4, 0, PageSize.SIZE_4K), value)));
    }

    private static String batchKey(IpiWork work) {
        BitSet pending = new BitSet();
        pending.set(1);
        Fingerprint f = new Fingerprint();
        new IpiBatch(1, 0, work, pending, true).fingerprint(f, new int[] {0, 1});
        return f.a() + ":" + f.b();
    }

    @Test
    void anIpiInFlightIsKnownByItsWork() {
        assertNotEquals(batchKey(IpiWork.FLUSH_TLB_ALL), batchKey(IpiWork.flushPages(0x200)));
    }

    private static String lockKey(MachineCore core) {
        Fingerprint f = new Fingerprint();
        core.locks.fingerprint(f, new int[] {0, 1});
        return f.a() + ":" + f.b();
    }

    @Test
    void aRwLockIsKnownByItsWriter() {
        MachineCore core = new MachineCore(2, new long[] {0});
        RwLock lock = core.boot().rwlock("mmu_lock");
        MachineCore held = core.copy();
        held.trylock(1, lock, LockMode.WRITE);
        assertNotEquals(lockKey(core), lockKey(held));
    }

    private static String rmpKey(int cpu, RmpEntry state) {
        return rmpKey(cpu, 0x200, state);
    }

    private static String rmpKey(int cpu, long pfn, RmpEntry state) {
        Rmp rmp = new Rmp();
        rmp.rmpupdate_start(cpu, pfn, state);
        Fingerprint f = new Fingerprint();
        rmp.fingerprint(f, new int[] {0, 1}, new int[] {0, 1});
        return f.a() + ":" + f.b();
    }

    @Test
    void anRmpUpdateInFlightIsKnownByItsCpuAndWhatItWrites() {
        RmpEntry assigned = RmpEntry.privateTo(1, 0, PageSize.SIZE_4K);
        assertNotEquals(rmpKey(0, assigned), rmpKey(1, assigned), "only the CPU that started it finishes it");
        assertNotEquals(rmpKey(0, assigned), rmpKey(0, RmpEntry.privateTo(2, 0, PageSize.SIZE_4K)), "the entry it writes");
        assertNotEquals(rmpKey(0, 0x200, assigned), rmpKey(0, 0x201, assigned), "the frame, within one 2M range");
    }
}
