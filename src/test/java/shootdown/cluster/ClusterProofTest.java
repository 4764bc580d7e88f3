package shootdown.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;
import shootdown.explore.BoundSearch;
import shootdown.explore.Budget;
import shootdown.explore.Explorer;
import shootdown.machine.FlushMethod;
import shootdown.model.Model;
import shootdown.model.Variant;

/**
 * A proof searched by a cluster of two members in this JVM answers as the local search does
 * (the same verdict, the same number of distinct states), and a process without the cluster's
 * key neither joins nor gets a result accepted.
 */
class ClusterProofTest {
    private static final ClusterKey KEY = ClusterKey.of("a key for the tests of ClusterProofTest");
    private static final Model CPA = Models.named("cpa");
    private static ClusterMember asking;
    private static ClusterMember other;

    @BeforeAll
    static void start() {
        asking = ClusterMember.start(options(5811), KEY, false, 0);
        other = ClusterMember.start(options(5812), KEY, false, 0);
        assertTrue(asking.awaitMembers(2, 30_000), "the two members formed one cluster");
    }

    private static ClusterOptions options(int port) {
        return ClusterOptions.local().withPort(port).withJoin(List.of("127.0.0.1:5811", "127.0.0.1:5812"))
                .withThreads(1);
    }

    /** Another test's member may still be leaving: each test starts from the two members. */
    @org.junit.jupiter.api.BeforeEach
    void twoMembers() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (asking.memberAddresses().size() != 2 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertEquals(2, asking.memberAddresses().size(), asking.memberAddresses().toString());
    }

    @AfterAll
    static void stop() {
        if (other != null) other.close();
        if (asking != null) asking.close();
    }

    private static BoundSearch.Result local(Variant v, int cpus, int ops) {
        return BoundSearch.run(v, CPA.proveAlphabet(), CPA.proveLayout(), cpus, ops, new Budget(Long.MAX_VALUE, 120_000),
                true);
    }

    private static ClusterProof.Result cluster(Variant v, int cpus, int ops) {
        return new ClusterProof(asking).run(v, CPA.proveAlphabet(), CPA.proveLayout(), cpus, ops, null, FlushMethod.IPI,
                new Budget(Long.MAX_VALUE, 120_000).withThreads(1), true);
    }

    @Test
    void aProvedBoundHasTheLocalCountOfDistinctStates() {
        Variant v = Models.variant(CPA, "CPA-4");
        BoundSearch.Result local = local(v, 2, 1);
        ClusterProof.Result c = cluster(v, 2, 1);
        assertTrue(local.exhausted() && c.search().exhausted(), c.search().stopReason());
        assertEquals(local.states(), c.search().states());
        assertEquals(2, c.members().size());
        assertTrue(c.units() > 1, "the bound was cut into units: " + c.search().note());
        assertTrue(c.search().note().contains("2 members"), c.search().note());
    }

    @Test
    void aViolationFoundByAMemberIsTheVerdictAsLocally() {
        Variant v = Models.variant(CPA, "CPA-3"); // no cpa_lock: the split races its neighbour
        ClusterProof.Result c = cluster(v, 2, 1);
        assertNotNull(c.search().violation(), c.search().stopReason());
        assertEquals(local(v, 2, 1).violation().kind(), c.search().violation().kind());
        assertFalse(c.search().exhausted());
    }

    @Tag("deep") // starts a member that waits to be turned away: about 4 s
    @Test
    void aMemberWithAnotherKeyAsksToJoinAnotherClusterAndIsTurnedAway() {
        ClusterKey stranger = ClusterKey.of("a key that is not the cluster's, long enough");
        try (ClusterMember m = ClusterMember.start(options(5813), stranger, false, 0)) {
            assertFalse(m.awaitMembers(2, 3_000), "the stranger found no cluster of its own name");
            assertEquals(2, asking.memberAddresses().size(), "and ours did not take it in");
        }
    }

    @Test
    void aStrangerWhoKnowsTheNameButNotTheKeyGetsNoWorkDoneAndChangesNoCount() {
        try (ClusterMember impostor = ClusterMember.start(options(5814), KEY.impostor("guessed, and wrong, secret"), false, 0)) {
            assertTrue(asking.awaitMembers(3, 30_000), "Hazelcast itself lets it in: the name is all it checks");
            Variant v = Models.variant(CPA, "CPA-4");
            ClusterProof.Result c = cluster(v, 2, 1);
            assertTrue(c.search().exhausted(), c.search().stopReason());
            assertEquals(local(v, 2, 1).states(), c.search().states());
            assertTrue(c.search().note().contains(impostor.address()), "the answer names it: " + c.search().note());
            assertTrue(c.redone() > 0, "its units were done again by members with the key");
        }
    }

    @Test
    void aResultOrAUnitSignedWithAnotherKeyDoesNotVerify() {
        ClusterKey other = ClusterKey.of("some other key, sixteen bytes or more");
        UnitReport forged = new UnitReport("p", 0, 1, "m", 0, 0, null, null, null, null, new Fingerprints(), 0, null)
                .signed(other);
        assertFalse(forged.verifiedBy(KEY));
        assertTrue(forged.signed(KEY).verifiedBy(KEY));
        UnitReport changed = new UnitReport("p", 0, 1, "m", 5, 0, null, null, null, null, new Fingerprints(), 0,
                forged.signed(KEY).mac());
        assertFalse(changed.verifiedBy(KEY), "a signed result whose count was changed");
        assertThrows(IllegalArgumentException.class, () -> ClusterKey.of("short"));
    }


    @Test
    void membersDeserializeOnlyTheToolsOwnClassesAndJavasBasicOnes() {
        var map = asking.hazelcast().<Integer, Object>getMap("deserialization-check");
        map.put(1, new java.util.ArrayList<>(List.of("allowed")));
        assertEquals(List.of("allowed"), other.hazelcast().getMap("deserialization-check").get(1));
        map.put(2, new java.text.DecimalFormat("0.0")); // Serializable, but not on the allow-list
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> other.hazelcast().getMap("deserialization-check").get(2));
        assertTrue(String.valueOf(refused.getMessage()).contains("java.text.DecimalFormat")
                || refused.getCause() instanceof SecurityException, refused.toString());
        map.destroy();
    }
}
