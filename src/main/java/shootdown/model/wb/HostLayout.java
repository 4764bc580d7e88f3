package shootdown.model.wb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VMs a wb layout boots and which vCPU belongs to which (a vCPU's {@code vcpu->kvm}, fixed
 * when it is created). {@code guest-N-frames}: one SEV guest owning every vCPU.
 * {@code migrate-guest-N-frames}: the SEV guest (VM 0, the source of an intra-host migration)
 * owns vCPUs 0 and 1; VM 1, the destination, not yet an SEV guest, owns vCPUs 2 and 3; both map
 * the same N guest frames (the destination takes over the source's memory). Immutable.
 */
final class HostLayout {
    static final int SOURCE = 0;
    static final int DESTINATION = 1;
    static final int SOURCE_VCPUS = 2;
    private static final Pattern ONE_VM = Pattern.compile("guest-(\\d+)-frames");
    private static final Pattern TWO_VMS = Pattern.compile("migrate-guest-(\\d+)-frames");

    final int frames;
    final boolean migration;

    private HostLayout(int frames, boolean migration) {
        this.frames = frames;
        this.migration = migration;
    }

    static HostLayout of(String layout) {
        Matcher one = ONE_VM.matcher(layout);
        if (one.matches()) return new HostLayout(Integer.parseInt(one.group(1)), false);
        Matcher two = TWO_VMS.matcher(layout);
        if (two.matches()) return new HostLayout(Integer.parseInt(two.group(1)), true);
        throw new IllegalArgumentException("unknown wb layout '" + layout
                + "'; known: guest-N-frames and migrate-guest-N-frames, e.g. guest-2-frames");
    }

    static boolean matches(String layout) {
        return ONE_VM.matcher(layout).matches() || TWO_VMS.matcher(layout).matches();
    }

    int vms() {
        return migration ? 2 : 1;
    }

    /** {@code vcpu->kvm}. */
    int kvm_of(int vcpu) {
        return migration && vcpu >= SOURCE_VCPUS ? DESTINATION : SOURCE;
    }

    /** Each VM's SEV state at boot: the source is an SEV guest with ASID {@code asid}; the destination is not. */
    List<KvmSevInfo> boot(int asid, int hostCpus) {
        List<KvmSevInfo> out = new ArrayList<>();
        out.add(KvmSevInfo.sevGuest(asid, hostCpus));
        if (migration) out.add(new KvmSevInfo());
        return out;
    }
}
