package shootdown.cluster;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import shootdown.campaign.Models;
import shootdown.explore.UnitSearch;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.model.Model;
import shootdown.model.Op;
import shootdown.model.Variant;

/**
 * What every member needs to search units of one proof: the built-in variant, the bound, and the
 * states of the proof's first levels (searched by the member that asked), which units need not
 * explore again. Sent inside every work unit and covered by its MAC.
 */
record ProofJob(String proofId, String model, String variant, List<String> opNames, long[] opPages, String layout,
                int cpus, int opsPerCpu, List<String> counted, String flush, boolean reduce, Fingerprints prefix) implements Serializable {

    static ProofJob of(String proofId, Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                       Set<Hazard.Kind> counted, FlushMethod flush, boolean reduce, Fingerprints prefix) {
        if (!variant.builtIn()) {
            throw new IllegalArgumentException("--cluster proves built-in variants only (the other members cannot "
                    + "compile a variant file)");
        }
        List<String> names = new ArrayList<>();
        long[] pages = new long[alphabet.size()];
        for (int i = 0; i < pages.length; i++) {
            names.add(alphabet.get(i).name());
            pages[i] = alphabet.get(i).page();
        }
        List<String> kinds = counted == null ? null : List.copyOf(new TreeSet<>(counted.stream().map(Enum::name).toList()));
        return new ProofJob(proofId, variant.model().name(), variant.name(), List.copyOf(names), pages, layout, cpus,
                opsPerCpu, kinds, flush.label, reduce, prefix.trimmed());
    }

    /** The search this job describes, built on the member that runs it. */
    UnitSearch search() {
        Model m = Models.named(model);
        List<Op> alphabet = new ArrayList<>();
        for (int i = 0; i < opPages.length; i++) alphabet.add(new Op(opNames.get(i), opPages[i]));
        Set<Hazard.Kind> kinds = null;
        if (counted != null) {
            kinds = new java.util.HashSet<>();
            for (String kind : counted) kinds.add(Hazard.Kind.valueOf(kind));
        }
        return new UnitSearch(Models.variant(m, variant), alphabet, layout, cpus, opsPerCpu, kinds,
                FlushMethod.parse(flush), reduce);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeUTF(proofId);
        out.writeUTF(model);
        out.writeUTF(variant);
        out.writeInt(opNames.size());
        for (String name : opNames) out.writeUTF(name);
        Signing.writeLongs(out, opPages);
        out.writeUTF(layout);
        out.writeInt(cpus);
        out.writeInt(opsPerCpu);
        out.writeInt(counted == null ? -1 : counted.size());
        if (counted != null) for (String kind : counted) out.writeUTF(kind);
        out.writeUTF(flush);
        out.writeBoolean(reduce);
        prefix.write(out);
    }
}
