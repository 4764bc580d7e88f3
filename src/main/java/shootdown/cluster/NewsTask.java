package shootdown.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * States another member finished (its result was accepted), sent to a member as soon as they
 * are counted, signed: the member adds them to its table at once, so a unit it is searching
 * skips those it has not reached yet. On its own executor, one at a time, beside the unit.
 */
final class NewsTask implements Callable<Boolean>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private final String proofId;
    private final Fingerprints states;
    private final byte[] mac;
    private transient HazelcastInstance hz;

    private NewsTask(String proofId, Fingerprints states, byte[] mac) {
        this.proofId = proofId;
        this.states = states;
        this.mac = mac;
    }

    static NewsTask signed(ClusterKey key, String proofId, Fingerprints states) {
        return new NewsTask(proofId, states, key.mac(bytes(proofId, states)));
    }

    private static byte[] bytes(String proofId, Fingerprints states) {
        return Signing.bytes("news", out -> {
            out.writeUTF(proofId);
            states.write(out);
        });
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    /** False if this member has no table for the proof (its first unit brings the news anyway). */
    @Override
    public Boolean call() {
        MemberWork work = MemberWork.of(hz);
        if (!work.key().verifies(bytes(proofId, states), mac)) {
            throw new SecurityException("refused news whose signature does not verify");
        }
        MemberWork.Proof proof = work.current(proofId);
        if (proof == null) return false;
        states.addWhileSearching(proof.known());
        return true;
    }
}
