package shootdown.model.wb;

/**
 * The mask set with {@code __cpumask_set_cpu()}, rejected in review: a plain load and store of
 * the word, so two CPUs marking themselves at once can lose a bit (WB-5).
 */
public class NonAtomicSet extends Sev {
    @Override
    protected void pre_sev_run(int kvm) {
        __cpumask_set_cpu(kvm, me);
    }
}
