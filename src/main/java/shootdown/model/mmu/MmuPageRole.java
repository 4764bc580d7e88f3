package shootdown.model.mmu;

/**
 * {@code union kvm_mmu_page_role}, reduced to the fields that tell the pages of these scenarios
 * apart. Every page here is direct with {@code access = ACC_ALL}, so the level is what remains:
 * a 5-level root's level-4 child has the very role of a 4-level root, as in the kernel
 * ({@code kvm_mmu_child_role()} copies the parent's role and decrements the level).
 */
public record MmuPageRole(int level, boolean direct) {

    public static MmuPageRole direct(int level) {
        return new MmuPageRole(level, true);
    }

    MmuPageRole child() {
        return new MmuPageRole(level - 1, direct);
    }

    @Override
    public String toString() {
        return "level " + level + (direct ? "" : " indirect");
    }
}
