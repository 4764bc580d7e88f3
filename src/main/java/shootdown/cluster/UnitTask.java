package shootdown.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;
import shootdown.explore.Budget;
import shootdown.explore.UnitSearch;

/**
 * One work unit, as the asking member hands it to a member: the proof, the moves that lead from
 * the initial state to the unit's state, how long it may take, and a MAC over all of it. The
 * member refuses a unit it cannot verify; it searches below the unit's state, and only if that
 * search was exhausted does it return the unit's states and keep them as known (a violation or a
 * budget stops the whole proof anyway).
 */
final class UnitTask implements Callable<UnitReport>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private final ProofJob job;
    private final int unit;
    private final int attempt;
    private final int[] schedule;
    private final long millis;
    /** States other members finished since this member's last unit: it skips them too. */
    private final Fingerprints news;
    private final byte[] mac;
    private transient HazelcastInstance hz;

    private UnitTask(ProofJob job, int unit, int attempt, int[] schedule, long millis, Fingerprints news, byte[] mac) {
        this.job = job;
        this.unit = unit;
        this.attempt = attempt;
        this.schedule = schedule;
        this.millis = millis;
        this.news = news;
        this.mac = mac;
    }

    static UnitTask signed(ClusterKey key, ProofJob job, int unit, int attempt, int[] schedule, long millis,
                           Fingerprints news) {
        return new UnitTask(job, unit, attempt, schedule, millis, news,
                key.mac(bytes(job, unit, attempt, schedule, millis, news)));
    }

    private static byte[] bytes(ProofJob job, int unit, int attempt, int[] schedule, long millis, Fingerprints news) {
        return Signing.bytes("unit", out -> {
            job.write(out);
            out.writeInt(unit);
            out.writeInt(attempt);
            Signing.writeInts(out, schedule);
            out.writeLong(millis);
            news.write(out);
        });
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    @Override
    public UnitReport call() {
        long start = System.nanoTime();
        MemberWork work = MemberWork.of(hz);
        ClusterKey key = work.key();
        if (!key.verifies(bytes(job, unit, attempt, schedule, millis, news), mac)) {
            throw new SecurityException("refused a work unit whose signature does not verify");
        }
        MemberWork.Proof proof = work.proof(job);
        news.addTo(proof.known()); // full or not: a state missing from the set costs only time
        Fingerprints explored = new Fingerprints();
        Budget budget = new Budget(Long.MAX_VALUE, Math.max(1, millis), Budget.defaultMaxBytes() / 2, work.threads());
        UnitSearch.UnitResult r = proof.search().run(List.of(java.util.Arrays.stream(schedule).boxed().toArray(Integer[]::new)),
                proof.known(), budget, explored::add);
        long searched = System.nanoTime();
        ClusterMember.LOG.info(() -> String.format("unit %d (attempt %d): %d states, %d transitions, %s; search %d ms, "
                + "known %d states", unit, attempt, r.states(), r.transitions(), r.exhausted() ? "exhausted" : "stopped",
                (searched - start) / 1_000_000, proof.known().size()));
        int[] found = r.violationSchedule() == null ? null : r.violationSchedule().stream().mapToInt(Integer::intValue).toArray();
        return new UnitReport(job.proofId(), unit, attempt, hz.getCluster().getLocalMember().getAddress().toString(),
                r.states(), r.transitions(), r.violation() == null ? null : r.violation().kind().name(),
                r.violation() == null ? null : r.violation().message(), found, r.stopReason(),
                r.exhausted() ? explored.trimmed() : new Fingerprints(),
                (System.nanoTime() - start) / 1_000_000, null).signed(key);
    }
}
