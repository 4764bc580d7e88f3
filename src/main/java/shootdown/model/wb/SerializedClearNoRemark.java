package shootdown.model.wb;

import shootdown.machine.Caches;
import shootdown.machine.IpiWork;

/** {@link SerializedClear} without the re-marking in the IPI: is that half of the to-do comment needed? */
public class SerializedClearNoRemark extends SerializedClear {
    @Override
    protected IpiWork wbnoinvd_work(int kvm) {
        return Caches.WBNOINVD;
    }
}
