package shootdown.model.mmu;

/** {@code tdp_mmu_enabled}: faults go to the TDP MMU, under {@code mmu_lock} held for read. */
public class TdpEnabled extends Mmu {
    @Override
    protected boolean tdp_mmu_enabled() {
        return true;
    }
}
