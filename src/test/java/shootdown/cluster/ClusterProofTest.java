package shootdown.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Models;
import shootdown.explore.BoundSearch;
import shootdown.explore.Budget;
import shootdown.model.Model;
import shootdown.model.Variant;

/**
 * A proof searched by a cluster of two members in this JVM answers as the local search does:
 * the same verdict and the same number of distinct states.
 */
class ClusterProofTest {
    private static final ClusterKey KEY = ClusterKey.of("a key for the tests of ClusterProofTest");
    private static ClusterMember asking;
    private static ClusterMember other;

    @BeforeAll
    static void start() {
        ClusterOptions options = ClusterOptions.local().withPort(5811)
                .withJoin(List.of("127.0.0.1:5811", "127.0.0.1:5812")).withThreads(1);
        asking = ClusterMember.start(options, KEY, false, 0);
        other = ClusterMember.start(options.withPort(5812), KEY, false, 0);
        assertTrue(asking.awaitMembers(2, 30_000), "the two members formed one cluster");
    }

    @AfterAll
    static void stop() {
        if (other != null) other.close();
        if (asking != null) asking.close();
    }

    private static BoundSearch.Result local(Variant v, int cpus, int ops) {
        Model m = v.model();
        return BoundSearch.run(v, m.proveAlphabet(), m.proveLayout(), cpus, ops, new Budget(Long.MAX_VALUE, 120_000), true);
    }

    private static ClusterProof.Result cluster(Variant v, int cpus, int ops) {
        Model m = v.model();
        return new ClusterProof(asking).run(v, m.proveAlphabet(), m.proveLayout(), cpus, ops, null,
                new Budget(Long.MAX_VALUE, 120_000).withThreads(1), true);
    }

    @Test
    void provedBoundHasTheLocalStateCount() {
        Variant v = Models.variant(Models.named("cpa"), "CPA-4");
        BoundSearch.Result local = local(v, 2, 2);
        ClusterProof.Result c = cluster(v, 2, 2);
        System.out.println(local.millis() + " ms local; cluster " + c.search().millis() + " ms: " + c.search().note());
        assertTrue(local.exhausted() && c.search().exhausted());
        assertEquals(local.states(), c.search().states());
        assertEquals(2, c.members().size());
    }
}
