package shootdown.model.wb;

/** Before 6f38f8c57464: no mask; every reclaim writes back every CPU's cache. Safe, and costly (seed 002). */
public class WbinvdAllCpus extends Sev {
    @Override
    protected void pre_sev_run(int kvm) {
    }

    @Override
    protected void sev_writeback_caches(int kvm) {
        wbinvd_on_all_cpus();
    }
}
