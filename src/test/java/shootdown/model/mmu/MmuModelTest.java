package shootdown.model.mmu;

import shootdown.campaign.Catalogue;
import shootdown.machine.LockMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shootdown.engine.NativeRun;
import shootdown.machine.MachineCore;
import shootdown.machine.RwLock;
import shootdown.model.Op;
import shootdown.model.Scenario;

/** The model's surface (variants, layouts, operations) and mmu_lock's reader/writer semantics. */
class MmuModelTest {

    @Test
    void unknownVariantListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeRun.create(MmuModel.INSTANCE.variant("no-such"), Catalogue.scenario(MmuModel.INSTANCE, "zap-oldest-refault")));
        for (var known : MmuModel.INSTANCE.variants()) assertTrue(e.getMessage().contains(known.name()), e.getMessage());
    }

    @Test
    void layoutMustSuitTheVariant() {
        assertThrows(IllegalArgumentException.class,
                () -> NativeRun.create(MmuModel.INSTANCE.variant("tdp-mainline"), Catalogue.scenario(MmuModel.INSTANCE, "zap-oldest-refault")));
        assertThrows(IllegalArgumentException.class,
                () -> NativeRun.create(MmuModel.INSTANCE.variant("mainline"), Catalogue.scenario(MmuModel.INSTANCE, "tdp-two-vcpus-one-region")));
    }

    @Test
    void unknownOperationListsTheKnownOnes() {
        Scenario bad = new Scenario("bad", "root4", "", List.of(List.of(new Op("kvm_mmu_zap_all", 0))));
        var instance = NativeRun.create(MmuModel.INSTANCE.variant("mainline"), bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> instance.run(0, 0));
        assertTrue(e.getMessage().contains("kvm_mmu_page_fault"), e.getMessage());
    }

    @Test
    void aFaultBuildsRootPcAndASecondFaultIsSpurious() {
        Scenario one = new Scenario("one", "root4", "",
                List.of(List.of(new Op("kvm_mmu_page_fault", 0), new Op("kvm_mmu_page_fault", 0))));
        MmuInstance instance = (MmuInstance) NativeRun.create(MmuModel.INSTANCE.variant("mainline"), one);
        instance.run(0, 0);
        assertEquals(3, instance.kvm().n_used_mmu_pages);
        instance.run(0, 1);
        assertEquals(3, instance.kvm().n_used_mmu_pages);
        assertEquals(2L, instance.machine().inspect().counters().get("SPs allocated"));
        instance.checkQuiescent();
    }

    @Test
    void theMixedLayoutNeedsARootLoadAndBuildsFiveLevels() {
        Scenario five = new Scenario("five", "maxphyaddr-4+5", "",
                List.of(List.of(), List.of(new Op("kvm_mmu_load", 0), new Op("kvm_mmu_page_fault", 0))));
        MmuInstance instance = (MmuInstance) NativeRun.create(MmuModel.INSTANCE.variant("mainline"), five);
        instance.run(1, 0);
        instance.run(1, 1);
        assertEquals(4, instance.kvm().n_used_mmu_pages, "root5 -> level 4 -> P -> C");
        instance.checkQuiescent();
    }

    @Test
    void mmuLockAdmitsReadersTogetherAndAWriterAlone() {
        MachineCore core = new MachineCore(2, new long[0]);
        RwLock lock = core.boot().rwlock("mmu_lock");
        assertTrue(core.trylock(0, lock, LockMode.READ));
        assertTrue(core.trylock(1, lock, LockMode.READ));
        assertFalse(core.inspect().isWritable(lock));
        assertFalse(core.trylock(0, lock, LockMode.WRITE));
        core.unlock(0, lock, LockMode.READ);
        core.unlock(1, lock, LockMode.READ);
        assertTrue(core.trylock(1, lock, LockMode.WRITE));
        assertFalse(core.inspect().isReadable(lock));
        assertFalse(core.trylock(0, lock, LockMode.READ));
        String held = core.inspect().encodeState();
        core.unlock(1, lock, LockMode.WRITE);
        assertTrue(core.inspect().isReadable(lock) && core.inspect().isWritable(lock));
        assertFalse(held.equals(core.inspect().encodeState()), "the lock's state is part of the machine state");
        assertThrows(RuntimeException.class, () -> core.unlock(1, lock, LockMode.WRITE));
    }
}
