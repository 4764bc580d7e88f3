package shootdown.cluster;

import java.io.Serializable;

/**
 * What a member found below one work unit, signed with the cluster key: the states it explored
 * itself (and their fingerprints, if it was exhausted), the transitions it took, the violation it
 * met (its kind, message and the whole schedule from the initial state), or why it stopped early.
 */
record UnitReport(String proofId, int unit, int attempt, String member, long states, long transitions,
                  String hazardKind, String hazardMessage, int[] schedule, String stopReason, Fingerprints explored,
                  long millis, byte[] mac) implements Serializable {

    UnitReport signed(ClusterKey key) {
        return new UnitReport(proofId, unit, attempt, member, states, transitions, hazardKind, hazardMessage, schedule,
                stopReason, explored, millis, key.mac(bytes()));
    }

    boolean verifiedBy(ClusterKey key) {
        return key.verifies(bytes(), mac);
    }

    private byte[] bytes() {
        return Signing.bytes("result", out -> {
            out.writeUTF(proofId);
            out.writeInt(unit);
            out.writeInt(attempt);
            out.writeUTF(member);
            out.writeLong(states);
            out.writeLong(transitions);
            Signing.writeNullable(out, hazardKind);
            Signing.writeNullable(out, hazardMessage);
            Signing.writeInts(out, schedule);
            Signing.writeNullable(out, stopReason);
            explored.write(out);
            out.writeLong(millis);
        });
    }
}
