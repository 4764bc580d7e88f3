package shootdown.model.wb;

/**
 * sev.c before 93de2a6a4b91 and 12c1f6e03f94 (the stored 2026 snapshot): the migration gives the
 * destination a fresh {@code have_run_cpus} and never writes back the CPUs that ran the source,
 * whose dirty lines now belong to the destination's memory; and {@code sev_vm_destroy()} returns
 * before freeing the mask when the VM is no longer SEV, which a migration's source is not.
 */
public class MigrateNoSourceWriteback extends MigrateWritebackAfterClear {
    @Override
    public int sev_vm_move_enc_context_from(int kvm, int source_kvm) {
        if (!sev_lock_two_vms(kvm, source_kvm)) return -EBUSY;
        int ret = -EINVAL;
        if (sev_migration_allowed(kvm, source_kvm)) {
            kvm_lock_all_vcpus(kvm);
            kvm_lock_all_vcpus(source_kvm);
            zalloc_cpumask_var(kvm);
            sev_migrate_from(kvm, source_kvm);
            kvm_vm_dead(source_kvm);
            kvm_unlock_all_vcpus(kvm, source_kvm);
            ret = 0;
        }
        sev_unlock_two_vms(kvm, source_kvm);
        return ret;
    }

    @Override
    protected void sev_vm_destroy(int kvm) {
        if (!sev_guest(kvm)) return;
        free_have_run_cpus(kvm);
    }
}
