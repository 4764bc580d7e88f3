package shootdown.model.wb;

/**
 * sev.c after 93de2a6a4b91 ("KVM: SEV: Do cache maintenance on the source VM during intra-host
 * migration") and 12c1f6e03f94 ("KVM: SEV: Free have_run_cpus during VM destruction even if VM
 * is no longer SEV"), before their follow-ups. Their code is not available; from the titles and
 * the code around them: the source's CPUs are written back in the migration, but after
 * {@code sev_migrate_from()} cleared the source's SEV state (973ea70393e8 then moved it
 * "*before* clearing SEV state"), and destruction frees the mask without NULLing the pointer
 * (8abbc76120a7 then did).
 */
public class MigrateWritebackAfterClear extends Sev {
    @Override
    public int sev_vm_move_enc_context_from(int kvm, int source_kvm) {
        if (!sev_lock_two_vms(kvm, source_kvm)) return -EBUSY;
        int ret = -EINVAL;
        if (sev_migration_allowed(kvm, source_kvm)) {
            kvm_lock_all_vcpus(kvm);
            kvm_lock_all_vcpus(source_kvm);
            zalloc_cpumask_var(kvm);
            sev_migrate_from(kvm, source_kvm);
            sev_writeback_caches(source_kvm);
            kvm_vm_dead(source_kvm);
            kvm_unlock_all_vcpus(kvm, source_kvm);
            ret = 0;
        }
        sev_unlock_two_vms(kvm, source_kvm);
        return ret;
    }

    @Override
    protected boolean nullifiesHaveRunCpus() {
        return false;
    }
}
