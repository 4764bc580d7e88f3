package shootdown.model.snp;

import java.util.List;
import shootdown.machine.Sched;
import shootdown.model.Model;
import shootdown.model.ModelInstance;
import shootdown.model.Scenario;

/** SEV-SNP host direct map and RMP: arch/x86/virt/svm/sev.c and arch/x86/kvm/svm/sev.c. */
public final class SnpModel implements Model {
    public static final SnpModel INSTANCE = new SnpModel();

    private SnpModel() {
    }

    @Override
    public String name() {
        return "snp";
    }

    @Override
    public List<String> variants() {
        return SnpVariant.names();
    }

    @Override
    public List<String> operations() {
        return SnpInstance.OPERATIONS;
    }

    @Override
    public ModelInstance newInstance(String variant, Scenario scenario, Sched sched) {
        return new SnpInstance(SnpVariant.parse(variant), scenario, sched);
    }
}
