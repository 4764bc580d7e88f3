package shootdown.model.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.machine.Hazard;
import shootdown.machine.HazardException;
import shootdown.machine.MachineCore;

/** The device's data structures and the audit's invariants, without any scheduling. */
class KvmArchTest {
    private final MachineCore core = new MachineCore(2, new long[0]);
    private final KvmArch kvm = core.boot().attach(new KvmArch(core));

    /** root -> P -> C with parent_ptes, as a fault leaves them. */
    private KvmMmuPage[] rootPc() {
        KvmMmuPage root = kvm.alloc_shadow_page(0, MmuPageRole.direct(4), 0);
        root.root_count = 1;
        KvmMmuPage p = kvm.alloc_shadow_page(0, MmuPageRole.direct(3), 0);
        KvmMmuPage c = kvm.alloc_shadow_page(0, MmuPageRole.direct(2), 0);
        link(root, 0, p);
        link(p, 0, c);
        kvm.write(new Sptep(c.id, 0), Spte.leaf(0));
        return new KvmMmuPage[] {root, p, c};
    }

    private void link(KvmMmuPage parent, int index, KvmMmuPage child) {
        Sptep sptep = new Sptep(parent.id, index);
        kvm.write(sptep, Spte.nonleaf(child.id));
        child.parent_ptes.add(sptep);
    }

    /** Unlinks P from its parent and its child, as __kvm_mmu_prepare_zap_page() + commit do. */
    private void zapAndFree(KvmMmuPage p) {
        for (Sptep parent : List.copyOf(p.parent_ptes)) {
            p.parent_ptes.remove(parent);
            kvm.write(parent, Spte.NOT_PRESENT);
        }
        for (Integer index : List.copyOf(p.spt.keySet())) {
            Spte spte = p.spte(index);
            if (spte.isNonleaf()) kvm.page(spte.child()).parent_ptes.remove(new Sptep(p.id, index));
            kvm.write(new Sptep(p.id, index), Spte.NOT_PRESENT);
        }
        p.invalid = true;
        p.onActiveList = false;
        p.inHash = false;
        kvm.n_used_mmu_pages--;
        kvm.free(p.id);
    }

    @Test
    void hashLookupReturnsTheNewestValidPage() {
        KvmMmuPage older = kvm.alloc_shadow_page(0, MmuPageRole.direct(2), 0);
        KvmMmuPage newer = kvm.alloc_shadow_page(0, MmuPageRole.direct(2), 1);
        assertSame(newer, kvm.hash_lookup(0, MmuPageRole.direct(2)));
        newer.invalid = true;
        assertSame(older, kvm.hash_lookup(0, MmuPageRole.direct(2)));
        assertNull(kvm.hash_lookup(0, MmuPageRole.direct(3)));
        assertNull(kvm.hash_lookup(0x200, MmuPageRole.direct(2)));
    }

    @Test
    void aFiveLevelRootsChildHasTheFourLevelRootsRole() {
        assertEquals(MmuPageRole.direct(4), MmuPageRole.direct(5).child());
    }

    @Test
    void activeListIsOldestFirstAndAllocationCharges() {
        KvmMmuPage[] pages = rootPc();
        assertEquals(List.of(pages[0], pages[1], pages[2]), kvm.active_mmu_pages_oldest_first());
        assertEquals(3, kvm.n_used_mmu_pages);
        assertTrue(MmuAudit.accountingMismatches(kvm).isEmpty());
    }

    @Test
    void aFindableOrphanIsNotALeak() {
        KvmMmuPage[] pages = rootPc();
        zapAndFree(pages[1]);
        assertTrue(pages[2].parent_ptes.isEmpty());
        assertTrue(MmuAudit.leaked(kvm).isEmpty(), "the orphan is still what a lookup returns");
        assertTrue(MmuAudit.parentPteMismatches(kvm).isEmpty());
    }

    @Test
    void anOrphanShadowedByANewerDuplicateLeaks() {
        KvmMmuPage[] pages = rootPc();
        zapAndFree(pages[1]);
        KvmMmuPage p2 = kvm.alloc_shadow_page(0, MmuPageRole.direct(3), 1);
        KvmMmuPage c2 = kvm.alloc_shadow_page(0, MmuPageRole.direct(2), 1);
        link(pages[0], 0, p2);
        link(p2, 0, c2);
        List<MmuAudit.Leak> leaks = MmuAudit.leaked(kvm);
        assertEquals(1, leaks.size());
        assertSame(pages[2], leaks.get(0).sp());
        assertEquals(1, leaks.get(0).actor());
        HazardException e = assertThrows(HazardException.class, () -> MmuAudit.checkQuiescent(kvm));
        assertEquals(Hazard.Kind.H5_LEAK, e.hazard().kind());
    }

    @Test
    void twoLiveDuplicatesBreakUniqueness() {
        KvmMmuPage root4 = kvm.alloc_shadow_page(0, MmuPageRole.direct(4), 0);
        root4.root_count = 1;
        KvmMmuPage root5 = kvm.alloc_shadow_page(0, MmuPageRole.direct(5), 1);
        root5.root_count = 1;
        KvmMmuPage child = kvm.alloc_shadow_page(0, MmuPageRole.direct(4), 1);
        link(root5, 0, child);
        assertTrue(MmuAudit.leaked(kvm).isEmpty());
        assertEquals(1, MmuAudit.duplicates(kvm).size());
        HazardException e = assertThrows(HazardException.class, () -> MmuAudit.checkQuiescent(kvm));
        assertEquals(Hazard.Kind.INVARIANT, e.hazard().kind());
    }

    @Test
    void parentPtesMustMatchThePointingSptes() {
        KvmMmuPage[] pages = rootPc();
        pages[2].parent_ptes.clear();
        assertEquals(1, MmuAudit.parentPteMismatches(kvm).size());
        HazardException e = assertThrows(HazardException.class, () -> MmuAudit.checkParentPtes(kvm, core, 0));
        assertEquals(Hazard.Kind.INVARIANT, e.hazard().kind());
    }

    @Test
    void chargeMustEqualThePagesThatExist() {
        rootPc();
        kvm.n_used_mmu_pages++;
        HazardException e = assertThrows(HazardException.class, () -> MmuAudit.checkQuiescent(kvm));
        assertEquals(Hazard.Kind.INVARIANT, e.hazard().kind());
        assertTrue(e.hazard().message().contains("n_used_mmu_pages=4"), e.hazard()::message);
    }

    @Test
    void anOverwrittenTdpTableLeaksWhileStillCharged() {
        KvmMmuPage root = kvm.alloc_tdp_page(0, MmuPageRole.direct(4), null, -1);
        root.root_count = 3;
        Sptep slot = new Sptep(root.id, 0);
        KvmMmuPage first = kvm.alloc_tdp_page(0, MmuPageRole.direct(3), slot, 0);
        KvmMmuPage second = kvm.alloc_tdp_page(0, MmuPageRole.direct(3), slot, 1);
        kvm.write(slot, Spte.nonleaf(first.id));
        kvm.write(slot, Spte.nonleaf(second.id));
        kvm.tdp_mmu_pages = 2;
        assertTrue(MmuAudit.accountingMismatches(kvm).isEmpty());
        List<MmuAudit.Leak> leaks = MmuAudit.leaked(kvm);
        assertEquals(1, leaks.size());
        assertSame(first, leaks.get(0).sp());
        assertEquals(1, leaks.get(0).actor());
    }

    @Test
    void aListedPageCannotBeFreed() {
        KvmMmuPage sp = kvm.alloc_shadow_page(0, MmuPageRole.direct(3), 0);
        assertThrows(IllegalStateException.class, () -> kvm.free(sp.id));
        assertThrows(IllegalStateException.class, () -> kvm.page(99));
    }

    @Test
    void encodingIgnoresWhoAllocated() {
        MachineCore other = new MachineCore(2, new long[0]);
        KvmArch twin = other.boot().attach(new KvmArch(other));
        kvm.alloc_shadow_page(0, MmuPageRole.direct(3), 0);
        twin.alloc_shadow_page(0, MmuPageRole.direct(3), 1);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        kvm.encode(a);
        twin.encode(b);
        assertEquals(a.toString(), b.toString());
    }
}
