package shootdown.cluster;

import com.hazelcast.core.HazelcastInstance;
import shootdown.explore.Budget;
import shootdown.explore.UnitSearch;

/**
 * What one member keeps between the units it searches, in its Hazelcast instance's user
 * context: the cluster key, how many threads a unit may use, and for the proof at hand its search
 * and the states whose whole future it has explored or is exploring (the prefix's, the units' it
 * searched), which its later units skip. One proof at a time: a new proof drops the last.
 */
final class MemberWork {
    private static final String NAME = "shootdown.member";
    private final ClusterKey key;
    private final int threads;
    private Proof proof;

    /** One proof's search and known states on this member. */
    record Proof(String id, UnitSearch search, UnitSearch.KnownStates known) {
    }

    private MemberWork(ClusterKey key, int threads) {
        this.key = key;
        this.threads = threads;
    }

    static void install(com.hazelcast.config.Config config, ClusterKey key, int threads) {
        config.getUserContext().put(NAME, new MemberWork(key, threads));
    }

    static MemberWork of(HazelcastInstance hz) {
        Object work = hz.getUserContext().get(NAME);
        if (work == null) throw new IllegalStateException("not a shootdown member");
        return (MemberWork) work;
    }

    ClusterKey key() {
        return key;
    }

    int threads() {
        return threads;
    }

    /** The proof's search here, made on its first unit (with the prefix's states known). */
    synchronized Proof proof(ProofJob job) {
        if (proof != null && proof.id().equals(job.proofId())) return proof;
        proof = null; // let the last proof's states go first
        UnitSearch.KnownStates known = new UnitSearch.KnownStates(Budget.defaultMaxBytes() / 2, threads);
        job.prefix().forEach(known::add);
        proof = new Proof(job.proofId(), job.search(), known);
        return proof;
    }

    /** The proof's search here, if this member has searched a unit of it. */
    synchronized Proof current(String proofId) {
        return proof != null && proof.id().equals(proofId) ? proof : null;
    }

    synchronized void forget(String proofId) {
        if (proof != null && proof.id().equals(proofId)) proof = null;
    }
}
